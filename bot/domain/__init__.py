"""The grid's domain: plain data, the state machine, routing rules, notices and refusals; no I/O."""
