"""minelib: Bitcoin mining economics as small, vectorized, unit-explicit functions."""
