"""The figure-write pipeline: `plan` (pure: what a write changes and every issue it raises),
`load` (the queries the planner's context needs) and `write` (the one bulk writer)."""
