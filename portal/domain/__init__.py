"""Pure domain rules: no Flask, no SQLAlchemy. Plain values in, plain values out."""
