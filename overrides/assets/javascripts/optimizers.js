// The optimizer race, animated (overrides/hooks/playgrounds.py places it).
// It only draws: gd_snippets ran the race when the site was built
// (playgrounds/optimizers.json): every step's point and the loss at every
// frame, as grid positions 0..1000 on their axes, two characters a number.
// It plays once when it comes into view, never by itself for readers who
// ask for reduced motion (they see the finish; asked mid-race, it stops), and
// its button pauses it.
(() => {
  const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
  const GRID = 1000, SVG = "http://www.w3.org/2000/svg", FRAME_MS = 60
  const W = 320, H = 250, LEFT = 46, RIGHT = 16, TOP = 10, BOTTOM = 42
  const still = matchMedia("(prefers-reduced-motion: reduce)")

  const decode = (text) => {
    const numbers = []
    for (let i = 0; i < text.length; i += 2)
      numbers.push(DIGITS.indexOf(text[i]) * 64 + DIGITS.indexOf(text[i + 1]) - GRID)
    return numbers
  }
  const x = (p) => (LEFT + (p / GRID) * (W - LEFT - RIGHT)).toFixed(1)
  const y = (p) => (H - BOTTOM - (p / GRID) * (H - TOP - BOTTOM)).toFixed(1)
  const points = (pairs) => pairs.map(([a, b]) => `${x(a)},${y(b)}`).join(" ")
  const pairsOf = (flat) => flat.flatMap((v, i) => (i % 2 ? [] : [[v, flat[i + 1]]]))

  function element(name, attributes, parent, text) {
    const node = document.createElementNS(SVG, name)
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value)
    if (text !== undefined) node.textContent = text
    return parent.appendChild(node)
  }

  function panel(parent, id) {
    const svg = element("svg", { viewBox: `0 0 ${W} ${H}`, role: "img" }, parent)
    const clip = element("clipPath", { id }, element("defs", {}, svg))
    element("rect", { x: LEFT, y: TOP, width: W - LEFT - RIGHT, height: H - TOP - BOTTOM }, clip)
    return { svg, axes: element("g", { class: "gd-axes" }, svg), plot: element("g", { "clip-path": `url(#${id})` }, svg) }
  }

  function drawAxes(g, [xAxis, yAxis]) {
    g.replaceChildren()
    element("polyline", { points: points([[0, GRID], [0, 0], [GRID, 0]]) }, g)
    for (const [p, label] of xAxis.ticks)
      element("text", { x: x(p), y: H - BOTTOM + 16, "text-anchor": "middle" }, g, label)
    for (const [p, label] of yAxis.ticks)
      element("text", { x: LEFT - 6, y: +y(p) + 4, "text-anchor": "end" }, g, label)
    element("text", { x: x(GRID / 2), y: H - 6, "text-anchor": "middle" }, g, xAxis.label)
    element("text", { x: 12, y: y(GRID / 2), transform: `rotate(-90 12 ${y(GRID / 2)})`,
      "text-anchor": "middle" }, g, yAxis.label)
  }

  async function start(root) {
    const response = await fetch(root.dataset.src).catch(() => null)
    if (!response || !response.ok) // no race to draw: the still figure shows
      return root.querySelector(".gd-figure").style.setProperty("display", "block", "important")
    const data = await response.json()
    const form = root.querySelector("form")
    const panels = root.querySelector(".gd-playground__panels")
    const readout = root.querySelector(".gd-playground__readout")
    const landscape = panel(panels, `${form.problem.id}-paths`)
    const perStep = panel(panels, `${form.problem.id}-losses`)
    let problem, lines, timer = null

    function show(problemIndex) { // draw a problem's backdrop, its runs decoded
      problem = data.problems[problemIndex]
      drawAxes(landscape.axes, problem.axes)
      drawAxes(perStep.axes, [problem.stepAxis, problem.axes[2]])
      landscape.plot.replaceChildren()
      perStep.plot.replaceChildren()
      for (const line of problem.backdrop)
        element("polyline", { class: "gd-backdrop", points: points(pairsOf(decode(line))) }, landscape.plot)
      lines = problem.runs.map((run, i) => {
        const path = pairsOf(decode(run.path))
        const losses = decode(run.losses).map((v, k) => [(k / data.frames) * GRID, v]) // one a frame
        const g = element("g", { class: `gd-race--${i}` }, landscape.plot)
        return { path, losses, line: element("polyline", {}, g), dot: element("circle", { r: 4 }, g),
          loss: element("polyline", {}, element("g", { class: `gd-race--${i}` }, perStep.plot)) }
      })
      landscape.svg.setAttribute("aria-label", `${problem.label}: the path of each optimizer over the loss's contour lines`)
      perStep.svg.setAttribute("aria-label", `${problem.label}: each optimizer's loss at every step, on a log scale`)
    }

    function draw(frame, announce) { // every run up to the frame's step
      const step = Math.round((frame / data.frames) * problem.steps)
      for (const run of lines) {
        const end = Math.min(step, run.path.length - 1)
        run.line.setAttribute("points", points(run.path.slice(0, end + 1)))
        run.dot.setAttribute("cx", x(run.path[end][0]))
        run.dot.setAttribute("cy", y(run.path[end][1]))
        run.loss.setAttribute("points", points(run.losses.slice(0, frame + 1)))
      }
      form.step.value = frame
      form.step.setAttribute("aria-valuetext", `step ${step} of ${problem.steps}`)
      form.querySelector(`output[for="${form.step.id}"]`).value = `${step} of ${problem.steps}`
      if (announce) readout.textContent = frame < data.frames ? `Step ${step}.` :
        `Step ${step}, the finish: ${problem.runs.map((r, i) => `${data.optimizers[i]} ${r.final}`).join(", ")}.`
    }

    function pause() {
      clearInterval(timer)
      timer = null
      form.play.textContent = "Play"
      draw(+form.step.value, true)
    }
    function play() {
      if (+form.step.value >= data.frames) draw(0, false)
      form.play.textContent = "Pause"
      timer = setInterval(() => {
        const next = +form.step.value + 1
        if (next > data.frames) pause()
        else draw(next, false)
      }, FRAME_MS)
    }

    form.play.addEventListener("click", () => (timer ? pause() : play()))
    form.problem.addEventListener("change", () => {
      if (timer) pause()
      show(form.problem.value)
      draw(data.frames, true)
    })
    form.step.addEventListener("input", () => {
      if (timer) pause()
      draw(+form.step.value, true)
    })
    form.addEventListener("submit", (event) => event.preventDefault())
    still.addEventListener("change", () => { if (still.matches && timer) pause() }) // asked mid-race
    show(0)
    for (const part of root.querySelectorAll("form, .gd-playground__panels, .gd-playground__readout"))
      part.hidden = false
    if (still.matches) draw(data.frames, true) // the finish, standing still
    else {
      draw(0, false)
      play()
    }
  }

  // The data loads, and the race starts, when it comes into view. With
  // JavaScript on, the still figure is never shown (nor loaded) but in print.
  const seen = new IntersectionObserver((entries) => {
    for (const entry of entries.filter((e) => e.isIntersecting)) {
      seen.unobserve(entry.target)
      start(entry.target)
    }
  }, { threshold: 0.3 })
  // Watched through its section first: the page lays out a section's inside
  // only near the screen (extra.css), and an observer must not force it to.
  const near = new IntersectionObserver((entries) => {
    for (const entry of entries.filter((e) => e.isIntersecting)) {
      near.unobserve(entry.target)
      entry.target.querySelectorAll(".gd-playground--race[data-src]").forEach((root) => seen.observe(root))
    }
  })
  const watch = () => document.querySelectorAll(".gd-playground--race[data-src]")
    .forEach((root) => near.observe(root.closest("section") || root))
  if (window.requestIdleCallback) requestIdleCallback(watch) // once the page has loaded and settled
  else setTimeout(watch, 500)
})()
