"""The words for one step of a planned routine: what to do now, said plainly.

Both hands are busy while pressing, so the cue names the side, the hand, the pressure, the
motion and the time in one or two sentences, and always ends with a breathing cue and the
reminder to ease off at once if it hurts sharply.
"""

from __future__ import annotations

from acupressure.planning.routine import Side
from acupressure.planning.techniques import PlannedPoint

_PRESS = {
    "light": "press lightly",
    "moderate": "press steadily, to a dull ache but no further",
    "firm": "press firmly, never to sharp pain",
}
_TOOL = {
    "fingertip": "with your fingertips",
    "thumb": "with your thumb",
    "thumbs": "with both thumbs",
    "knuckles": "with your knuckles",
    "fist": "with your fists",
    "palm": "with your palm",
    "massage_tool": "with a massage tool",
}
_SIDE = {"left": "Your left side", "right": "Your right side", "both": "Both sides at once"}
_POSITION = {
    "sitting": "Sitting",
    "standing": "Standing",
    "lying": "Lying on your back",
    "lying_side": "Lying on your side",
}


def step_cue(item: PlannedPoint, side: Side) -> str:
    """What to do now, in one or two plain sentences, with a breathing cue.

    One voice: pressure and time come only from the step itself (after any safety limit),
    never from the article's own words; an article's cue (`item.cue`) says only where.
    """
    tool = _TOOL[item.tool]
    if item.side == "alternate" and item.tool in ("thumb", "fingertip"):
        tool = f"with the {'thumb' if item.tool == 'thumb' else 'fingertips'} of your other hand"
    action = _PRESS[item.pressure]
    if item.motion == "circles":
        every = item.circle_change_every or item.seconds
        action += f" making small slow circles, changing direction every {every} seconds"
    elif item.motion == "knead":
        action += ", kneading gently"
    elif item.until_relief:
        action += " and hold until the ache eases, at most"
    else:
        action += " and hold"
    reps = f", {item.repetitions} times with a short pause" if item.repetitions > 1 else ""
    opening = f"{_SIDE[side]}: " if side in _SIDE else ""
    text = f"{opening}{tool}, {action} for {item.seconds} seconds{reps}. "
    text = text.replace("at most for", "at most")
    extras = " ".join(option[1] for option in item.options)
    text += f"{extras} " if extras else ""
    text += "Breathe slowly and evenly; ease off at once if it hurts sharply."
    if item.cue:
        text = f"{_POSITION[item.position]}. {item.cue} {text}"
    return text[0].upper() + text[1:]
