"""From a screened profile to a routine: steps, timing, presets, schedule and calendar."""
