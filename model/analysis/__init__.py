"""Analysis: sampling, ensembles, sensitivity, goal seeking."""
