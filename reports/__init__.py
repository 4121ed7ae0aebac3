"""How results leave the program: study comparisons with confidence intervals, charts and exports."""
