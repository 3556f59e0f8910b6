// The learning-rate playground (overrides/hooks/playgrounds.py places it).
// It only draws: gd_snippets computed every run when the site was built
// (playgrounds/learning-rate.json) as grid positions (0..1000 is the view;
// what leaves it runs on outside, where the clip hides it), two characters a
// number: a run's path as points (x, y), its losses one per step.
(() => {
  const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
  const GRID = 1000
  const SVG = "http://www.w3.org/2000/svg"
  // A panel is W x H, its plot inside the margins.
  const W = 320, H = 230, LEFT = 46, RIGHT = 10, TOP = 10, BOTTOM = 42

  const decode = (text) => {
    const numbers = []
    for (let i = 0; i < text.length; i += 2)
      numbers.push(DIGITS.indexOf(text[i]) * 64 + DIGITS.indexOf(text[i + 1]) - GRID)
    return numbers
  }
  const x = (position) => LEFT + (position / GRID) * (W - LEFT - RIGHT)
  const y = (position) => H - BOTTOM - (position / GRID) * (H - TOP - BOTTOM)
  const points = (pairs) => pairs.map(([a, b]) => `${x(a).toFixed(1)},${y(b).toFixed(1)}`).join(" ")
  const pairsOf = (flat) => flat.flatMap((v, i) => (i % 2 ? [] : [[v, flat[i + 1]]]))

  function element(name, attributes, parent, text) {
    const node = document.createElementNS(SVG, name)
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value)
    if (text !== undefined) node.textContent = text
    return parent.appendChild(node)
  }

  // An empty panel: an SVG with its accessible name and a clipped plot area.
  function panel(parent, id, name) {
    const svg = element("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": name }, parent)
    const clip = element("clipPath", { id }, element("defs", {}, svg))
    element("rect", { x: LEFT, y: TOP, width: W - LEFT - RIGHT, height: H - TOP - BOTTOM }, clip)
    const axes = element("g", { class: "gd-axes" }, svg)
    const plot = element("g", { "clip-path": `url(#${id})` }, svg)
    return { axes, plot }
  }

  function drawAxes(g, xAxis, yAxis) {
    g.replaceChildren()
    element("polyline", { points: points([[0, GRID], [0, 0], [GRID, 0]]) }, g)
    for (const [position, label] of xAxis.ticks)
      element("text", { x: x(position), y: H - BOTTOM + 16, "text-anchor": "middle" }, g, label)
    for (const [position, label] of yAxis.ticks)
      element("text", { x: LEFT - 6, y: y(position) + 4, "text-anchor": "end" }, g, label)
    element("text", { x: x(GRID / 2), y: H - 6, "text-anchor": "middle" }, g, xAxis.label)
    element("text", { x: 12, y: y(GRID / 2), transform: `rotate(-90 12 ${y(GRID / 2)})`,
      "text-anchor": "middle" }, g, yAxis.label)
  }

  function drawRun(g, backdrop, pairs, status) {
    g.replaceChildren()
    for (const line of backdrop)
      element("polyline", { class: "gd-backdrop", points: points(pairsOf(decode(line))) }, g)
    const path = element("g", { class: `gd-run gd-run--${status}` }, g)
    element("polyline", { points: points(pairs) }, path)
    pairs.forEach(([a, b], i) =>
      element("circle", { cx: x(a).toFixed(1), cy: y(b).toFixed(1), r: i ? 2.5 : 4.5 }, path))
  }

  async function start(root) {
    let data
    try {
      const response = await fetch(root.dataset.src)
      if (!response.ok) throw new Error(response.statusText)
      data = await response.json()
    } catch {
      return root.classList.remove("gd-playground--rates") // the figure shows
    }
    const form = root.querySelector("form")
    const panels = root.querySelector(".gd-playground__panels")
    const readout = root.querySelector(".gd-playground__readout")
    const landscape = panel(panels, `${form.problem.id}-landscape`, "")
    const perStep = panel(panels, `${form.problem.id}-loss`, "")
    let shownProblem = null

    function update() {
      const problem = data.problems[form.problem.value]
      if (shownProblem !== problem) { // the starts differ from problem to problem
        form.start.max = problem.starts.length - 1
        if (shownProblem) form.start.value = problem.defaultStart
        const [xAxis, yAxis, lossAxis] = problem.axes
        drawAxes(landscape.axes, xAxis, yAxis)
        drawAxes(perStep.axes, data.stepAxis, lossAxis)
        shownProblem = problem
      }
      const lr = data.lrs[form.lr.value], start = problem.starts[form.start.value]
      const run = problem.runs[form.start.value][form.lr.value]
      for (const [input, text] of [[form.lr, lr], [form.start, start]]) {
        input.setAttribute("aria-valuetext", text)
        form.querySelector(`output[for="${input.id}"]`).value = text
      }
      drawRun(landscape.plot, problem.backdrop, pairsOf(decode(run.path)), run.status)
      drawRun(perStep.plot, [], decode(run.losses).map((loss, i) => [data.stepPositions[i], loss]),
        run.status)
      const where = run.end ? `, ends at ${run.end}` : ""
      readout.textContent = `lr ${lr} from ${start}: ${run.status}${where}. Why it stopped: ${run.why}.`
      landscape.plot.parentNode.setAttribute("aria-label",
        `${problem.label}: the path of gradient descent, ${run.status}`)
      perStep.plot.parentNode.setAttribute("aria-label", `The loss at each step, ${run.status}`)
      root.querySelector(".gd-playground__bound").textContent = problem.bound
    }

    form.addEventListener("input", update)
    form.addEventListener("submit", (event) => event.preventDefault())
    update()
    for (const part of root.querySelectorAll("[hidden]")) part.hidden = false
    root.classList.add("gd-playground--live") // the figure makes way
  }

  // The data loads when the playground nears the screen, not with the page.
  const seen = new IntersectionObserver((entries) => {
    for (const entry of entries.filter((e) => e.isIntersecting)) {
      seen.unobserve(entry.target)
      start(entry.target)
    }
  }, { rootMargin: "400px" })
  for (const root of document.querySelectorAll(".gd-playground[data-src]")) seen.observe(root)
})()
