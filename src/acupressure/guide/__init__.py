"""A guided session over a routine: its timeline of cues, the state machine, and speech."""
