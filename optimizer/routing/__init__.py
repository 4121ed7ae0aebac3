"""Generic node routing: integer problem model, PyVRP and OR-Tools engines, portfolio, validator, CARP transform.

Typical use (import from the submodules; this package stays light so engine
worker processes only load the engine they run)::

    from optimizer.routing.builder import ProblemBuilder
    from optimizer.routing.portfolio import PortfolioParams, solve_portfolio
    from optimizer.routing.validate import validate

    problem = builder.build(distance_m, duration_s)
    plan = solve_portfolio(problem, PortfolioParams(time_limit_s=10), stop=stop, progress=progress)
    report = validate(problem, plan)
"""
