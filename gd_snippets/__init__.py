"""gd_snippets: the tested numpy code behind Gradient Descent Weekly.

Small pure functions, one module per topic (losses, gradcheck, problems,
models, descent), each with ``# --8<--`` sections that the site embeds.
"""
