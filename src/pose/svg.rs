//! Skeletons to SVG: the camera for each view, the figure's parts in depth
//! order, the props, and the data the animation script moves between.
//!
//! Every number is rounded to a tenth before it is written, the same way
//! for the picture and for the animation data, so the same poses give the
//! same bytes and the script, drawing a key position, draws exactly the
//! frame that is in the HTML.

// HTML's escaping is XML's too: one function serves pages, SVG and XML.
use crate::html::escape_html as escape;
use std::fmt::Write as _;

use super::describe::describe;
use super::geometry::{V3, v3};
use super::skeleton::{self as sk, Resolved, Skeleton, pt};
use super::spec::{PoseSpec, Prop, View};
use crate::pose::spec::Position;

/// In-between poses computed for each move of an animation. The script
/// goes in a straight line from one to the next: at 8 steps even a quarter
/// turn of a limb moves about 11° per step, and its ends stay within half
/// a percent of the arc.
pub const STEPS: usize = 8;

/// Background-coloured outline around each part, so that a limb in front
/// stands out from what is behind it.
const HALO: f64 = 3.0;
const MARGIN: f64 = 6.0;
/// Fallback colours, used only when a guide's own stylesheet does not set
/// the `--pose-*` properties (the built-in one does, for light and dark).
const INK: &str = "#1d5fa0";
const FAR: &str = "#93b6d8";
const BG: &str = "#ffffff";
const PROP_FILL: &str = "#dfe5e9";
const PROP_EDGE: &str = "#a3b1ba";

/// One pose, drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub label: String,
    pub alt: String,
    pub svg: String,
}

/// All the poses of an exercise.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Drawing {
    pub frames: Vec<Frame>,
    /// The animated figure (HTML with the SVG inside), when there are two
    /// or more poses drawn the same way.
    pub stage: Option<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Line,
    /// A smooth curve through the points (the spine).
    Curve,
    /// A filled shape (shoulders to hips).
    Poly,
    Circle(f64),
}

struct Part {
    pts: &'static [usize],
    shape: Shape,
    width: f64,
    eye: bool,
}

const fn part(pts: &'static [usize], shape: Shape, width: f64) -> Part {
    Part {
        pts,
        shape,
        width,
        eye: false,
    }
}

/// Parts drawn together, sorted as one by depth.
struct Layer {
    parts: &'static [Part],
    depth_of: &'static [usize],
    /// Drawn first among layers at the same depth: the torso under the
    /// head, the head under the legs and arms.
    rank: u8,
    /// A limb's shoulder or hip and the other side's, to tell whether it is
    /// on the far side; torso and head never are.
    roots: Option<(usize, usize)>,
}

const LAYERS: [Layer; 6] = [
    Layer {
        parts: &[part(&[9, 11, 13], Shape::Line, sk::ARM_W)],
        depth_of: &[9, 11, 13],
        rank: 4,
        roots: Some((9, 10)),
    },
    Layer {
        parts: &[part(&[10, 12, 14], Shape::Line, sk::ARM_W)],
        depth_of: &[10, 12, 14],
        rank: 5,
        roots: Some((10, 9)),
    },
    Layer {
        parts: &[
            part(&[15, 17, 19], Shape::Line, sk::LEG_W),
            part(&[19, 21], Shape::Line, sk::FOOT_W),
        ],
        depth_of: &[15, 17, 19, 21],
        rank: 2,
        roots: Some((15, 16)),
    },
    Layer {
        parts: &[
            part(&[16, 18, 20], Shape::Line, sk::LEG_W),
            part(&[20, 22], Shape::Line, sk::FOOT_W),
        ],
        depth_of: &[16, 18, 20, 22],
        rank: 3,
        roots: Some((16, 15)),
    },
    Layer {
        parts: &[
            part(&[9, 10, 16, 15], Shape::Poly, sk::GIRDLE_W),
            part(&[0, 1, 2, 3, 23], Shape::Curve, sk::TORSO_W),
            part(&[4, 5], Shape::Line, sk::NECK_W),
        ],
        depth_of: &[0, 1, 2, 3, 23, 9, 10, 15, 16],
        rank: 0,
        roots: None,
    },
    Layer {
        parts: &[
            part(&[6], Shape::Circle(sk::HEAD_R), 0.0),
            Part {
                pts: &[7],
                shape: Shape::Circle(sk::EYE_R),
                width: 0.0,
                eye: true,
            },
            Part {
                pts: &[8],
                shape: Shape::Circle(sk::EYE_R),
                width: 0.0,
                eye: true,
            },
        ],
        depth_of: &[6],
        rank: 1,
        roots: None,
    },
];

/// How much further one shoulder (or hip) must be than the other for its
/// limb to be drawn in the lighter "far" colour.
const FAR_BY: f64 = 5.0;

/// The camera: screen x, screen y (down), and depth (larger is nearer).
fn project(view: View, p: V3) -> (f64, f64, f64) {
    match view {
        View::Side => (p.x, -p.y, p.z),
        View::Front => (-p.z, -p.y, p.x),
        View::Top => (p.x, p.z, p.y),
        View::ThreeQuarter => {
            // The front view turned toward the figure's right, then tipped
            // to look down a little.
            let (sa, ca) = THREE_QUARTER_AROUND.to_radians().sin_cos();
            let (se, ce) = THREE_QUARTER_DOWN.to_radians().sin_cos();
            let right = v3(-sa, 0.0, ca);
            let toward = v3(ce * ca, se, ce * sa);
            let up = v3(-se * ca, ce, -se * sa);
            (-p.dot(right), -p.dot(up), p.dot(toward))
        }
    }
}

const THREE_QUARTER_AROUND: f64 = 40.0;
const THREE_QUARTER_DOWN: f64 = 25.0;

fn r1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A number as written in the SVG and the animation data: at most one
/// decimal, no `.0`, no `-0`.
pub fn num(x: f64) -> String {
    trim(format!("{:.1}", r1(x)))
}

/// Two decimals: the midpoints of the spine curve, which lie halfway
/// between numbers of one decimal.
fn num2(x: f64) -> String {
    trim(format!("{x:.2}"))
}

fn trim(s: String) -> String {
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    };
    if s == "-0" { "0".to_owned() } else { s }
}

/// One skeleton as the camera sees it.
#[derive(Debug, Clone, PartialEq)]
struct Shot {
    xy: Vec<(f64, f64)>,
    /// Layers, back to front.
    order: Vec<usize>,
    /// Bit per layer: drawn in the far colour.
    far: u32,
    /// Bit per eye (left, right): facing the camera.
    eyes: u32,
}

fn shoot(view: View, s: &Skeleton) -> Shot {
    let proj: Vec<(f64, f64, f64)> = s.p.iter().map(|&q| project(view, q)).collect();
    let xy = proj.iter().map(|&(x, y, _)| (r1(x), r1(y))).collect();
    let depth =
        |l: &Layer| l.depth_of.iter().map(|&i| proj[i].2).sum::<f64>() / l.depth_of.len() as f64;
    let mut order: Vec<usize> = (0..LAYERS.len()).collect();
    // Depth in whole tenths, so that equal depths tie exactly and the rank
    // decides, the same on every run.
    order.sort_by_key(|&i| ((depth(&LAYERS[i]) * 10.0).round() as i64, LAYERS[i].rank));
    // A limb is on the far side when its shoulder or hip is further from
    // the camera than the other one: which side the body turns away,
    // whether the camera looks level or from above.
    let mut far = 0;
    for (i, l) in LAYERS.iter().enumerate() {
        if let Some((root, other)) = l.roots
            && proj[root].2 < proj[other].2 - FAR_BY
        {
            far |= 1 << i;
        }
    }
    let head = proj[pt::HEAD].2;
    let mut eyes = 0;
    for e in 0..2 {
        if proj[pt::EYE + e].2 > head + 2.0 {
            eyes |= 1 << e;
        }
    }
    Shot {
        xy,
        order,
        far,
        eyes,
    }
}

fn pt_str(xy: &[(f64, f64)], i: usize) -> String {
    format!("{} {}", num(xy[i].0), num(xy[i].1))
}

fn path_d(shape: Shape, pts: &[usize], xy: &[(f64, f64)]) -> String {
    let mut d = format!("M{}", pt_str(xy, pts[0]));
    match shape {
        Shape::Line | Shape::Poly => {
            for &i in &pts[1..] {
                d += &format!("L{}", pt_str(xy, i));
            }
            if shape == Shape::Poly {
                d.push('Z');
            }
        }
        Shape::Curve => {
            let mid = |a: usize, b: usize| {
                format!(
                    "{} {}",
                    num2((xy[a].0 + xy[b].0) / 2.0),
                    num2((xy[a].1 + xy[b].1) / 2.0)
                )
            };
            let n = pts.len();
            d += &format!("L{}", mid(pts[0], pts[1]));
            for k in 1..n - 1 {
                d += &format!("Q{} {}", pt_str(xy, pts[k]), mid(pts[k], pts[k + 1]));
            }
            d += &format!("L{}", pt_str(xy, pts[n - 1]));
        }
        Shape::Circle(_) => {}
    }
    d
}

/// A box in the world, drawn as the outline of its projected corners.
type Cuboid = (V3, V3);

fn cuboid(x: (f64, f64), y: (f64, f64), z: (f64, f64)) -> Cuboid {
    (v3(x.0, y.0, z.0), v3(x.1, y.1, z.1))
}

fn prop_boxes(base: Position, props: &[Prop]) -> Vec<Cuboid> {
    let mut out = Vec::new();
    if base == Position::Seated {
        let seat = sk::SEAT_TOP;
        // A little wider than the hips, so that seen from the front the
        // chair shows on both sides of the figure.
        out.push(cuboid((-20.0, 20.0), (seat - 4.0, seat), (-24.0, 24.0)));
        for x in [(-19.0, -16.0), (16.0, 19.0)] {
            for z in [(-23.0, -20.0), (20.0, 23.0)] {
                out.push(cuboid(x, (0.0, seat - 4.0), z));
            }
        }
        let back = (seat, seat + 42.0);
        // Without a chair the figure sits on a stool: the seat and legs.
        match props.iter().find(|p| p.is_chair()) {
            Some(Prop::Chair) => out.push(cuboid((-20.0, -17.0), back, (-24.0, 24.0))),
            Some(Prop::ChairBackLeft) => out.push(cuboid((-20.0, 20.0), back, (-24.0, -21.0))),
            Some(Prop::ChairBackRight) => out.push(cuboid((-20.0, 20.0), back, (21.0, 24.0))),
            _ => {}
        }
    }
    if props.contains(&Prop::Mat) {
        // Under the whole figure: where that is depends on how it lies.
        let x = match base {
            Position::Lying => (-95.0, 80.0),
            Position::AllFours => (-72.0, 98.0),
            Position::Kneeling => (-72.0, 30.0),
            Position::Standing | Position::Seated => (-40.0, 40.0),
        };
        out.push(cuboid(x, (0.0, sk::MAT_TOP), (-30.0, 30.0)));
    }
    out
}

/// Outline of the points as seen, clockwise from the leftmost.
fn hull(mut p: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    p.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    p.dedup();
    if p.len() < 3 {
        return p;
    }
    let cross = |o: (f64, f64), a: (f64, f64), b: (f64, f64)| {
        (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
    };
    let mut lower: Vec<(f64, f64)> = Vec::new();
    for &q in &p {
        while lower.len() >= 2 && cross(lower[lower.len() - 2], lower[lower.len() - 1], q) <= 0.0 {
            lower.pop();
        }
        lower.push(q);
    }
    let mut upper: Vec<(f64, f64)> = Vec::new();
    for &q in p.iter().rev() {
        while upper.len() >= 2 && cross(upper[upper.len() - 2], upper[upper.len() - 1], q) <= 0.0 {
            upper.pop();
        }
        upper.push(q);
    }
    lower.pop();
    upper.pop();
    lower.extend(upper);
    lower
}

struct PropShape {
    outline: Vec<(f64, f64)>,
    depth: f64,
}

fn prop_shapes(view: View, base: Position, props: &[Prop]) -> Vec<PropShape> {
    let mut shapes: Vec<PropShape> = prop_boxes(base, props)
        .into_iter()
        .map(|(a, b)| {
            let corners: Vec<(f64, f64)> = (0..8)
                .map(|k| {
                    let c = v3(
                        if k & 1 == 0 { a.x } else { b.x },
                        if k & 2 == 0 { a.y } else { b.y },
                        if k & 4 == 0 { a.z } else { b.z },
                    );
                    let (x, y, _) = project(view, c);
                    (r1(x), r1(y))
                })
                .collect();
            PropShape {
                outline: hull(corners),
                depth: project(view, (a + b) * 0.5).2,
            }
        })
        .collect();
    // Far boxes first; a stable sort keeps equal depths in a fixed order.
    shapes.sort_by_key(|s| (s.depth * 10.0).round() as i64);
    shapes
}

#[derive(Debug, Clone, Copy)]
struct ViewBox {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

fn view_box(view: View, shots: &[Shot], props: &[PropShape]) -> ViewBox {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    let mut take = |x: f64, y: f64, r: f64| {
        x0 = x0.min(x - r);
        x1 = x1.max(x + r);
        y0 = y0.min(y - r);
        y1 = y1.max(y + r);
    };
    for s in shots {
        for (i, &(x, y)) in s.xy.iter().enumerate() {
            take(x, y, sk::radius(i) + HALO / 2.0);
        }
    }
    for p in props {
        for &(x, y) in &p.outline {
            take(x, y, 1.0);
        }
    }
    if !matches!(view, View::Top | View::ThreeQuarter) {
        // The floor line, just under the lowest point.
        y1 = y1.max(1.0);
    }
    let x = (x0 - MARGIN).floor();
    let y = (y0 - MARGIN).floor();
    ViewBox {
        x,
        y,
        w: (x1 + MARGIN).ceil() - x,
        h: (y1 + MARGIN).ceil() - y,
    }
}

struct SvgOptions<'a> {
    id: &'a str,
    title: &'a str,
    /// Marks every moving element with the points it is drawn from, for the
    /// animation script.
    animated: bool,
}

fn write_svg(
    view: View,
    vb: ViewBox,
    props: &[PropShape],
    shot: &Shot,
    o: &SvgOptions<'_>,
) -> String {
    let mut s = String::new();
    let mut class = String::from("pose-svg");
    if o.animated {
        class += " pose-anim";
    }
    // Wide pictures (a figure lying down) need a wider frame to be seen.
    if vb.w > 1.5 * vb.h {
        class += " pose-wide";
    }
    let _ = write!(
        s,
        "<svg class=\"{class}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{} {} {} {}\" width=\"{}\" height=\"{}\" role=\"img\" aria-labelledby=\"{id}\" focusable=\"false\" color=\"{INK}\"><title id=\"{id}\">{}</title>",
        num(vb.x),
        num(vb.y),
        num(vb.w),
        num(vb.h),
        num(vb.w),
        num(vb.h),
        escape(o.title),
        id = escape(o.id),
    );
    s += "<g class=\"pose-props\">";
    if !matches!(view, View::Top | View::ThreeQuarter) {
        let _ = write!(
            s,
            "<path class=\"pose-floor\" d=\"M{} 0H{}\" stroke=\"{PROP_EDGE}\" stroke-width=\"1.5\"/>",
            num(vb.x),
            num(vb.x + vb.w)
        );
    }
    for p in props {
        let mut d = String::new();
        for (k, &(x, y)) in p.outline.iter().enumerate() {
            let _ = write!(d, "{}{} {}", if k == 0 { "M" } else { "L" }, num(x), num(y));
        }
        let _ = write!(
            s,
            "<path class=\"pose-prop\" d=\"{d}Z\" fill=\"{PROP_FILL}\" stroke=\"{PROP_EDGE}\" stroke-width=\"1\" stroke-linejoin=\"round\"/>"
        );
    }
    s += "</g><g class=\"pose-body\" fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">";
    for &li in &shot.order {
        let layer = &LAYERS[li];
        let far = shot.far & (1 << li) != 0;
        s += "<g class=\"pose-layer";
        if far {
            let _ = write!(s, " pose-far\" color=\"{FAR}\"");
        } else {
            s.push('"');
        }
        if o.animated {
            let _ = write!(s, " data-layer=\"{li}\"");
        }
        s.push('>');
        for halo in [true, false] {
            for part in layer.parts {
                if halo && part.eye {
                    continue;
                }
                write_part(&mut s, part, halo, shot, o.animated);
            }
        }
        s += "</g>";
    }
    s += "</g></svg>";
    s
}

fn write_part(s: &mut String, part: &Part, halo: bool, shot: &Shot, animated: bool) {
    let data = |s: &mut String| {
        if animated {
            let pts: Vec<String> = part.pts.iter().map(|i| i.to_string()).collect();
            let shape = match part.shape {
                Shape::Line => "line",
                Shape::Curve => "curve",
                Shape::Poly => "poly",
                Shape::Circle(_) => "circle",
            };
            let _ = write!(s, " data-pts=\"{}\" data-shape=\"{shape}\"", pts.join(" "));
        }
    };
    let class = if halo {
        "pose-halo"
    } else if part.eye {
        "pose-eye"
    } else {
        "pose-ink"
    };
    if let Shape::Circle(r) = part.shape {
        let (x, y) = shot.xy[part.pts[0]];
        let r = if halo { r + HALO / 2.0 } else { r };
        let fill = if halo || part.eye { BG } else { "currentColor" };
        let _ = write!(
            s,
            "<circle class=\"{class}\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\" stroke=\"none\"",
            num(x),
            num(y),
            num(r)
        );
        if part.eye {
            let eye = part.pts[0] - pt::EYE;
            let _ = write!(s, " data-eye=\"{eye}\"");
            if shot.eyes & (1 << eye) == 0 {
                s.push_str(" visibility=\"hidden\"");
            }
        }
        data(s);
        s.push_str("/>");
        return;
    }
    let d = path_d(part.shape, part.pts, &shot.xy);
    let (colour, width) = if halo {
        (BG, part.width + HALO)
    } else {
        ("currentColor", part.width)
    };
    let _ = write!(
        s,
        "<path class=\"{class}\" d=\"{d}\" stroke=\"{colour}\" stroke-width=\"{}\"",
        num(width)
    );
    if part.shape == Shape::Poly {
        let _ = write!(s, " fill=\"{colour}\"");
    }
    data(s);
    s.push_str("/>");
}

/// The animation's data: every in-between pose as the camera sees it.
fn animation_json(keys: &[usize], shots: &[Shot]) -> String {
    let mut j = String::from("{\"v\":1,\"keys\":[");
    j += &keys
        .iter()
        .map(|k| k.to_string())
        .collect::<Vec<_>>()
        .join(",");
    j += "],\"pts\":[";
    for (i, s) in shots.iter().enumerate() {
        if i > 0 {
            j.push(',');
        }
        j.push('[');
        let nums: Vec<String> = s.xy.iter().flat_map(|&(x, y)| [num(x), num(y)]).collect();
        j += &nums.join(",");
        j.push(']');
    }
    j += "],\"ord\":[";
    let ord: Vec<String> = shots
        .iter()
        .map(|s| {
            format!(
                "\"{}\"",
                s.order.iter().map(|i| i.to_string()).collect::<String>()
            )
        })
        .collect();
    j += &ord.join(",");
    j += "],\"far\":[";
    j += &shots
        .iter()
        .map(|s| s.far.to_string())
        .collect::<Vec<_>>()
        .join(",");
    j += "],\"eye\":[";
    j += &shots
        .iter()
        .map(|s| s.eyes.to_string())
        .collect::<Vec<_>>()
        .join(",");
    j += "]}";
    j
}

/// Whether the animation can move between the poses: only when they are
/// drawn alike, since props stand still and the camera does not move.
pub fn animatable(poses: &[PoseSpec]) -> bool {
    let mut props: Vec<Vec<Prop>> = poses
        .iter()
        .map(|p| {
            let mut v = p.props.clone();
            v.sort();
            v.dedup();
            v
        })
        .collect();
    props.dedup();
    poses.len() >= 2
        && props.len() == 1
        && poses
            .iter()
            .all(|p| p.base == poses[0].base && p.view == poses[0].view)
}

/// Draws the poses of one exercise. `id` makes the SVGs' element ids unique
/// on the page (the exercise's slug).
/// The words a drawing is described in: limber writes each pose's full
/// description in English only; in another language a pose without its own
/// `alt` is described by its label.
#[derive(Debug, Clone, Copy)]
pub struct Wording<'a> {
    pub describe: bool,
    /// The animation's title; `{poses}` is the labels joined by `then`.
    pub animation: &'a str,
    pub then: &'a str,
}

impl Wording<'static> {
    pub const ENGLISH: Wording<'static> = Wording {
        describe: true,
        animation: "Animation: {poses}, and back",
        then: ", then ",
    };
}

pub fn draw_exercise(id: &str, poses: &[PoseSpec]) -> Drawing {
    draw_exercise_worded(id, poses, Wording::ENGLISH)
}

/// [`draw_exercise`] in the words of `wording`.
pub fn draw_exercise_worded(id: &str, poses: &[PoseSpec], wording: Wording<'_>) -> Drawing {
    if poses.is_empty() {
        return Drawing::default();
    }
    let resolved: Vec<Resolved> = poses.iter().map(sk::resolve).collect();
    let skeletons: Vec<Skeleton> = resolved.iter().map(sk::build).collect();
    let animate = animatable(poses);

    // The in-between poses, looping back to the first.
    let mut samples: Vec<Skeleton> = Vec::new();
    let mut keys = Vec::new();
    if animate {
        for i in 0..resolved.len() {
            let next = &resolved[(i + 1) % resolved.len()];
            keys.push(samples.len());
            samples.push(skeletons[i].clone());
            for step in 1..STEPS {
                let t = step as f64 / STEPS as f64;
                samples.push(sk::build(&sk::interpolate(&resolved[i], next, t)));
            }
        }
    }

    // One camera and one scale for every picture of the exercise, so the
    // frames line up and the animation stays inside its box.
    let view = poses[0].view;
    let frame_shots: Vec<Shot> = poses
        .iter()
        .zip(&skeletons)
        .map(|(p, s)| shoot(p.view, s))
        .collect();
    let sample_shots: Vec<Shot> = samples.iter().map(|s| shoot(view, s)).collect();
    let props: Vec<Vec<PropShape>> = poses
        .iter()
        .map(|p| prop_shapes(p.view, p.base, &p.props))
        .collect();
    let all_props: Vec<PropShape> = poses
        .iter()
        .flat_map(|p| prop_shapes(p.view, p.base, &p.props))
        .collect();
    let all_shots: Vec<Shot> = frame_shots.iter().chain(&sample_shots).cloned().collect();
    let vb = view_box(view, &all_shots, &all_props);

    let frames = poses
        .iter()
        .zip(&skeletons)
        .enumerate()
        .map(|(i, (p, s))| {
            let alt = match p.alt.as_deref().map(str::trim) {
                Some(a) if !a.is_empty() => a.to_owned(),
                _ if wording.describe => describe(p, s),
                _ => p.label.trim().to_owned(),
            };
            let frame_id = format!("pose-{id}-{}", i + 1);
            let svg = write_svg(
                p.view,
                vb,
                &props[i],
                &frame_shots[i],
                &SvgOptions {
                    id: &frame_id,
                    title: &alt,
                    animated: false,
                },
            );
            Frame {
                label: p.label.clone(),
                alt,
                svg,
            }
        })
        .collect::<Vec<_>>();

    let stage = animate.then(|| {
        let labels: Vec<&str> = poses.iter().map(|p| p.label.trim()).collect();
        let title = wording
            .animation
            .replace("{poses}", &labels.join(wording.then));
        let stage_id = format!("pose-{id}-moving");
        let svg = write_svg(
            view,
            vb,
            &props[0],
            &sample_shots[0],
            &SvgOptions {
                id: &stage_id,
                title: &title,
                animated: true,
            },
        );
        format!(
            "<div class=\"pose-stage\" data-pose-anim=\"{}\" hidden>{svg}</div>",
            escape(&animation_json(&keys, &sample_shots))
        )
    });
    Drawing { frames, stage }
}

/// One pose alone, as its frame would be drawn (for tests and previews).
pub fn draw_one(id: &str, pose: &PoseSpec) -> Frame {
    let mut d = draw_exercise(id, std::slice::from_ref(pose));
    d.frames.remove(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-7.25), "-7.3");
        assert_eq!(num2(12.35), "12.35");
        assert_eq!(num2(12.5), "12.5");
        assert_eq!(num2(-0.001), "0");
    }

    #[test]
    fn hull_of_a_box_seen_from_the_side_is_a_rectangle() {
        let h = hull(vec![
            (0.0, 0.0),
            (2.0, 0.0),
            (2.0, 1.0),
            (0.0, 1.0),
            (1.0, 0.5),
            (0.0, 0.0),
        ]);
        assert_eq!(h.len(), 4);
    }

    use crate::pose::spec::JOINTS;

    /// One element per line, so that a snapshot's diff shows what moved.
    fn pretty(svg: &str) -> String {
        svg.replace("><", ">\n<")
    }

    fn base_pose(base: Position) -> PoseSpec {
        let mut p = PoseSpec::new("Start", base, View::Side);
        if base == Position::Seated {
            p = p.prop(Prop::Chair);
        } else {
            p = p.prop(Prop::Mat);
        }
        p
    }

    #[test]
    fn each_base_posture_draws_the_same_as_before() {
        for base in Position::ALL {
            let frame = draw_one("snap", &base_pose(base));
            insta::assert_snapshot!(format!("base_{}", base.slug()), pretty(&frame.svg));
        }
    }

    /// Parses an SVG as XML and returns its text alternative.
    fn text_alternative(svg: &str) -> String {
        let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.attribute("role"), Some("img"));
        let id = root.attribute("aria-labelledby").expect("labelled");
        let title = root
            .children()
            .find(|n| n.has_tag_name("title"))
            .expect("a <title>");
        assert_eq!(title.attribute("id"), Some(id));
        title.text().unwrap_or("").to_owned()
    }

    #[test]
    fn every_svg_parses_and_has_a_text_alternative() {
        let views = [View::Side, View::Front, View::Top, View::ThreeQuarter];
        for base in Position::ALL {
            for view in views {
                let mut still = base_pose(base);
                still.view = view;
                let mut moved = still.clone();
                moved.label = "Move & <stretch> \"it\"".to_owned();
                for (i, j) in JOINTS.iter().enumerate() {
                    moved = moved.with(
                        j.name,
                        j.min + (j.max - j.min) * ((i as f64 * 0.61).fract()),
                    );
                }
                let d = draw_exercise("t", &[still, moved]);
                for f in &d.frames {
                    let alt = text_alternative(&f.svg);
                    assert!(alt.len() > 10, "{alt}");
                    assert_eq!(alt, f.alt);
                }
                assert!(d.frames[1].alt.starts_with("Move & <stretch> \"it\": "));
                let stage = d.stage.expect("two poses drawn alike animate");
                let svg = &stage[stage.find("<svg").unwrap()..stage.rfind("</svg>").unwrap() + 6];
                assert!(text_alternative(svg).starts_with("Animation: "));
            }
        }
    }

    #[test]
    fn the_animation_data_starts_and_pauses_on_each_frame() {
        let poses = [
            PoseSpec::new("Start", Position::AllFours, View::Side),
            PoseSpec::new("Cat", Position::AllFours, View::Side).with("spine_bend", 45.0),
            PoseSpec::new("Cow", Position::AllFours, View::Side).with("spine_bend", -30.0),
        ];
        let d = draw_exercise("cat-cow", &poses);
        let stage = d.stage.expect("animated");
        let json = stage
            .split("data-pose-anim=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("data attribute")
            .replace("&quot;", "\"");
        let data: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        let keys: Vec<usize> = serde_json::from_value(data["keys"].clone()).unwrap();
        assert_eq!(keys, [0, STEPS, 2 * STEPS]);
        let pts = data["pts"].as_array().unwrap();
        assert_eq!(pts.len(), 3 * STEPS);
        assert_eq!(data["ord"].as_array().unwrap().len(), pts.len());
        // Each key position in the data is exactly the frame in the page.
        for (k, frame) in keys.iter().zip(&d.frames) {
            let xy: Vec<f64> = serde_json::from_value(pts[*k].clone()).unwrap();
            let head = (xy[2 * pt::HEAD], xy[2 * pt::HEAD + 1]);
            let circle = format!(
                "cx=\"{}\" cy=\"{}\" r=\"{}\"",
                num(head.0),
                num(head.1),
                num(sk::HEAD_R)
            );
            assert!(frame.svg.contains(&circle), "{circle}");
        }
    }

    #[test]
    fn same_poses_same_bytes() {
        let p = [
            base_pose(Position::Lying),
            base_pose(Position::Lying).with("spine_turn", -40.0),
        ];
        assert_eq!(draw_exercise("a", &p), draw_exercise("a", &p));
    }

    #[test]
    fn poses_drawn_differently_are_not_animated() {
        let a = PoseSpec::new("A", Position::Standing, View::Side);
        let b = PoseSpec::new("B", Position::Standing, View::Front);
        assert!(draw_exercise("x", &[a.clone(), b]).stage.is_none());
        assert!(draw_exercise("x", std::slice::from_ref(&a)).stage.is_none());
        assert!(draw_exercise("x", &[a.clone(), a]).stage.is_some());
    }

    #[test]
    fn escaping() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
