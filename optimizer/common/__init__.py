"""What every kind of work shares: the Plan data, the street network, laying routes out in time, norms."""
