//! The figure's skeleton: fixed proportions, the base postures, and forward
//! kinematics from joint angles to points in the world.
//!
//! Every bone hangs from its parent: the pelvis is the root, the spine
//! (three joints, sharing its bend, tilt and turn) carries the chest, which
//! carries the neck, head and arms; the pelvis carries the legs. A joint
//! angle rotates its bone and everything below it, so bones keep their
//! lengths whatever the angles. The base posture then places the whole
//! figure in the world: on the floor, on a seat, with the shoulders flat.
//!
//! Units are centimetres of a figure about 180 cm tall.

use super::geometry::{M3, V3, v3};
use super::spec::*;
use crate::pose::spec::Position;

// Lengths. Arms are a little shorter than a real person's, so that on all
// fours the back is nearly level, as it reads best.
pub const SPINE_SEGMENT: f64 = 14.0;
pub const SHOULDER_DOWN: f64 = 4.0;
/// Hip joints to the base of the spine. This length makes the spine's
/// curve symmetric between hips and shoulders, so that rounding the back on
/// all fours lifts its middle without tipping the trunk.
pub const PELVIS_UP: f64 = SPINE_SEGMENT - SHOULDER_DOWN;
pub const SHOULDER_HALF: f64 = 17.0;
pub const HIP_HALF: f64 = 9.0;
pub const NECK_BASE_UP: f64 = 2.0;
pub const NECK: f64 = 10.0;
pub const HEAD_UP: f64 = 10.0;
/// The torso's drawn outline ends this far below the top of the spine, so
/// that its rounded end leaves the neck in view.
pub const TORSO_TOP_DOWN: f64 = 6.0;
pub const HEAD_FORWARD: f64 = 1.5;
pub const UPPER_ARM: f64 = 26.0;
/// Elbow to fingertips: the hand is the rounded end of the forearm.
pub const FOREARM: f64 = 25.0;
pub const THIGH: f64 = 44.0;
pub const SHIN: f64 = 44.0;
pub const FOOT: f64 = 17.0;
const EYE: V3 = v3(8.5, 1.5, 4.5);

// Line weights (stroke widths), shared with the SVG writer: the floor and
// seat contact use them, so a figure rests on its outline, not its bones.
pub const TORSO_W: f64 = 22.0;
pub const GIRDLE_W: f64 = 12.0;
pub const NECK_W: f64 = 9.0;
pub const ARM_W: f64 = 9.0;
pub const LEG_W: f64 = 12.0;
pub const FOOT_W: f64 = 7.0;
pub const HEAD_R: f64 = 11.0;
pub const EYE_R: f64 = 1.8;

/// Height of a chair's seat, so that a seated figure's feet are flat on the
/// floor with the knees at a right angle.
pub const SEAT_TOP: f64 = 40.0;
/// Hip joints above the seat: the thickness of the buttocks, which also
/// puts the feet flat on the floor with the knees at a right angle.
const SIT_HEIGHT: f64 = 10.0;
pub const MAT_TOP: f64 = 1.2;

/// Points of the skeleton, by index.
pub mod pt {
    pub const PELVIS: usize = 0;
    pub const SPINE1: usize = 1;
    pub const SPINE2: usize = 2;
    pub const SPINE3: usize = 3;
    pub const CHEST: usize = 4;
    pub const NECK: usize = 5;
    pub const HEAD: usize = 6;
    /// Left, then right: add 1 for the right side.
    pub const EYE: usize = 7;
    pub const SHOULDER: usize = 9;
    pub const ELBOW: usize = 11;
    pub const HAND: usize = 13;
    pub const HIP: usize = 15;
    pub const KNEE: usize = 17;
    pub const ANKLE: usize = 19;
    pub const TOE: usize = 21;
    /// Where the torso's outline ends, a little below [`CHEST`].
    pub const TORSO_TOP: usize = 23;
    pub const COUNT: usize = 24;
}

/// How far each point's outline reaches around it: for resting on the floor
/// and for the picture's bounds.
pub fn radius(point: usize) -> f64 {
    match point {
        pt::PELVIS..=pt::CHEST => TORSO_W / 2.0,
        pt::NECK => NECK_W / 2.0,
        pt::HEAD => HEAD_R,
        7 | 8 => 0.0,
        9 | 10 | 15 | 16 => GIRDLE_W / 2.0,
        11..=14 => ARM_W / 2.0,
        17..=20 => LEG_W / 2.0,
        pt::TORSO_TOP => TORSO_W / 2.0,
        _ => FOOT_W / 2.0,
    }
}

/// The skeleton in world coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Skeleton {
    pub p: [V3; pt::COUNT],
}

/// A pose with every angle decided: the author's, or the base posture's.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub base: Position,
    pub angles: Angles,
    /// Where the figure rests: the floor, or the top of a mat.
    pub floor: f64,
}

/// How a base posture holds the body.
struct Base {
    /// Rotation of the pelvis about `z`: 0 is upright, 90 lying on the
    /// back with the head to the left, -90 face down with the head right.
    pitch: f64,
    /// Share of `spine_bend` taken by the pelvis tipping the other way. On
    /// all fours the pelvis tucks under as the back rounds (cat) and tips
    /// as it sags (cow), so the curve is centred on the middle of the back
    /// and hands and knees stay where they are.
    pelvis_share: f64,
    defaults: &'static [(usize, f64)],
    /// Upper arms and thighs that stay vertical (weight-bearing) unless
    /// the author sets their angle: hands and knees stay on the floor
    /// whatever the spine does.
    held: bool,
    rest: Rest,
}

enum Rest {
    /// Lowest point on the floor.
    Floor,
    /// Hips on the seat.
    Seat,
    /// Lowest point on the floor, shoulders flat: lying on the back, a
    /// spine turn rolls the hips and knees over, not the upper back.
    FloorShouldersFlat,
}

const ARMS_APART: f64 = 6.0;

fn base(position: Position) -> Base {
    match position {
        Position::Standing => Base {
            pitch: 0.0,
            pelvis_share: 0.0,
            defaults: &[(SHOULDER_OUT, ARMS_APART), (SHOULDER_OUT + 1, ARMS_APART)],
            held: false,
            rest: Rest::Floor,
        },
        Position::Seated => Base {
            pitch: 0.0,
            pelvis_share: 0.0,
            defaults: &[
                (SHOULDER, 12.0),
                (SHOULDER + 1, 12.0),
                (SHOULDER_OUT, ARMS_APART),
                (SHOULDER_OUT + 1, ARMS_APART),
                (ELBOW, 60.0),
                (ELBOW + 1, 60.0),
                (HIP, 90.0),
                (HIP + 1, 90.0),
                (HIP_OUT, 4.0),
                (HIP_OUT + 1, 4.0),
                (KNEE, 90.0),
                (KNEE + 1, 90.0),
            ],
            held: false,
            rest: Rest::Seat,
        },
        Position::Lying => Base {
            pitch: 90.0,
            pelvis_share: 0.0,
            defaults: &[(SHOULDER_OUT, 10.0), (SHOULDER_OUT + 1, 10.0)],
            held: false,
            rest: Rest::FloorShouldersFlat,
        },
        Position::AllFours => Base {
            pitch: -90.0 + all_fours_rise(),
            pelvis_share: 0.5,
            defaults: &[
                (KNEE, 90.0),
                (KNEE + 1, 90.0),
                (ANKLE, 90.0),
                (ANKLE + 1, 90.0),
            ],
            held: true,
            rest: Rest::Floor,
        },
        Position::Kneeling => Base {
            pitch: 0.0,
            pelvis_share: 0.0,
            defaults: &[
                (SHOULDER_OUT, ARMS_APART),
                (SHOULDER_OUT + 1, ARMS_APART),
                (KNEE, 90.0),
                (KNEE + 1, 90.0),
                (ANKLE, 90.0),
                (ANKLE + 1, 90.0),
            ],
            held: true,
            rest: Rest::Floor,
        },
    }
}

/// How far the trunk tips up toward the head on all fours, in degrees, so
/// that with arms and thighs vertical both hands and knees touch the floor.
fn all_fours_rise() -> f64 {
    let shoulder_along = PELVIS_UP + 3.0 * SPINE_SEGMENT - SHOULDER_DOWN;
    let drop = (UPPER_ARM + FOREARM + ARM_W / 2.0) - (THIGH + LEG_W / 2.0);
    (drop / shoulder_along).asin().to_degrees()
}

/// Rotation of a joint that bends (forward), tilts (to the right) and turns
/// (to the right): positive angles of each, in the bone's own frame.
fn joint(bend: f64, tilt: f64, turn: f64) -> M3 {
    M3::rot_y(-turn) * M3::rot_x(tilt) * M3::rot_z(-bend)
}

/// World rotations of the pelvis and the chest.
fn trunk(b: &Base, a: &Angles) -> (M3, [M3; 3]) {
    let pelvis = M3::rot_z(b.pitch) * joint(-b.pelvis_share * a[SPINE_BEND], 0.0, 0.0);
    let step = joint(
        a[SPINE_BEND] / 3.0,
        a[SPINE_TILT] / 3.0,
        a[SPINE_TURN] / 3.0,
    );
    let s1 = pelvis * step;
    let s2 = s1 * step;
    let s3 = s2 * step;
    (pelvis, [s1, s2, s3])
}

/// Flexion that points a bone hanging from `parent` straight down.
fn flexion_to_vertical(parent: M3) -> f64 {
    let d = parent.transpose().apply(v3(0.0, -1.0, 0.0));
    d.x.atan2(-d.y).to_degrees()
}

/// Decides every angle of a pose: the author's where given, otherwise the
/// base posture's.
pub fn resolve(spec: &PoseSpec) -> Resolved {
    let b = base(spec.base);
    let mut angles: Angles = [0.0; JOINTS.len()];
    for &(j, v) in b.defaults {
        angles[j] = v;
    }
    for (j, slot) in angles.iter_mut().enumerate() {
        if let Some(v) = spec.angle(j).filter(|v| v.is_finite()) {
            // Clamped so that a bad value, already reported, cannot make a
            // figure that folds through itself.
            *slot = v.clamp(JOINTS[j].min, JOINTS[j].max);
        }
    }
    if b.held {
        let (pelvis, spine) = trunk(&b, &angles);
        for side in [LEFT, RIGHT] {
            if spec.base == Position::AllFours && spec.angle(SHOULDER + side).is_none() {
                angles[SHOULDER + side] = flexion_to_vertical(spine[2]);
            }
            if spec.angle(HIP + side).is_none() {
                angles[HIP + side] = flexion_to_vertical(pelvis);
            }
        }
    }
    let floor = if spec.props.contains(&Prop::Mat) {
        MAT_TOP
    } else {
        0.0
    };
    Resolved {
        base: spec.base,
        angles,
        floor,
    }
}

/// Angles part way from `a` to `b`: the in-between poses of an animation.
pub fn interpolate(a: &Resolved, b: &Resolved, t: f64) -> Resolved {
    let mut angles = a.angles;
    for (slot, (x, y)) in angles.iter_mut().zip(a.angles.iter().zip(&b.angles)) {
        *slot = x + (y - x) * t;
    }
    Resolved {
        base: a.base,
        angles,
        floor: a.floor + (b.floor - a.floor) * t,
    }
}

/// Forward kinematics, then the base posture's placement in the world.
pub fn build(r: &Resolved) -> Skeleton {
    let b = base(r.base);
    let a = &r.angles;
    let mut p = [V3::default(); pt::COUNT];
    let (pelvis, spine) = trunk(&b, a);

    p[pt::HIP] = pelvis.apply(v3(0.0, 0.0, -HIP_HALF));
    p[pt::HIP + 1] = pelvis.apply(v3(0.0, 0.0, HIP_HALF));
    p[pt::SPINE1] = pelvis.apply(v3(0.0, PELVIS_UP, 0.0));
    let up = v3(0.0, SPINE_SEGMENT, 0.0);
    p[pt::SPINE2] = p[pt::SPINE1] + spine[0].apply(up);
    p[pt::SPINE3] = p[pt::SPINE2] + spine[1].apply(up);
    p[pt::CHEST] = p[pt::SPINE3] + spine[2].apply(up);
    let chest = spine[2];
    p[pt::TORSO_TOP] = p[pt::CHEST] - chest.apply(v3(0.0, TORSO_TOP_DOWN, 0.0));

    let neck = chest * joint(a[NECK_BEND], a[NECK_TILT], a[NECK_TURN]);
    p[pt::NECK] =
        p[pt::CHEST] + chest.apply(v3(0.0, NECK_BASE_UP, 0.0)) + neck.apply(v3(0.0, NECK, 0.0));
    let head = neck * joint(a[HEAD_BEND], a[HEAD_TILT], a[HEAD_TURN]);
    p[pt::HEAD] = p[pt::NECK] + head.apply(v3(HEAD_FORWARD, HEAD_UP, 0.0));
    p[pt::EYE] = p[pt::HEAD] + head.apply(v3(EYE.x, EYE.y, -EYE.z));
    p[pt::EYE + 1] = p[pt::HEAD] + head.apply(EYE);

    for side in [LEFT, RIGHT] {
        // The left side is -z; raising a limb out to its side turns it
        // away from the body's midline on either side.
        let s = if side == LEFT { -1.0 } else { 1.0 };
        let shoulder = p[pt::CHEST] + chest.apply(v3(0.0, -SHOULDER_DOWN, s * SHOULDER_HALF));
        let arm = chest * M3::rot_x(-s * a[SHOULDER_OUT + side]) * M3::rot_z(a[SHOULDER + side]);
        let elbow = shoulder + arm.apply(v3(0.0, -UPPER_ARM, 0.0));
        let forearm = arm * M3::rot_z(a[ELBOW + side]);
        p[pt::SHOULDER + side] = shoulder;
        p[pt::ELBOW + side] = elbow;
        p[pt::HAND + side] = elbow + forearm.apply(v3(0.0, -FOREARM, 0.0));

        let hip = p[pt::HIP + side];
        let thigh = pelvis * M3::rot_x(-s * a[HIP_OUT + side]) * M3::rot_z(a[HIP + side]);
        let knee = hip + thigh.apply(v3(0.0, -THIGH, 0.0));
        let shin = thigh * M3::rot_z(-a[KNEE + side]);
        let ankle = knee + shin.apply(v3(0.0, -SHIN, 0.0));
        let foot = shin * M3::rot_z(-a[ANKLE + side]);
        p[pt::KNEE + side] = knee;
        p[pt::ANKLE + side] = ankle;
        p[pt::TOE + side] = ankle + foot.apply(v3(FOOT, 0.0, 0.0));
    }

    let mut sk = Skeleton { p };
    match b.rest {
        Rest::Floor => sk.rest_on(r.floor),
        Rest::FloorShouldersFlat => {
            let across = chest.apply(v3(0.0, 0.0, 1.0));
            let roll = M3::rot_x(across.y.atan2(across.z).to_degrees());
            let c = sk.p[pt::CHEST];
            for q in &mut sk.p {
                *q = c + roll.apply(*q - c);
            }
            sk.rest_on(r.floor);
        }
        Rest::Seat => {
            let lift = SEAT_TOP + SIT_HEIGHT;
            for q in &mut sk.p {
                q.y += lift;
            }
        }
    }
    sk
}

impl Skeleton {
    /// Moves the figure up or down so that its lowest outline touches `floor`.
    fn rest_on(&mut self, floor: f64) {
        let lowest = self
            .p
            .iter()
            .enumerate()
            .filter(|(i, _)| radius(*i) > 0.0)
            .map(|(i, q)| q.y - radius(i))
            .fold(f64::INFINITY, f64::min);
        if lowest.is_finite() {
            for q in &mut self.p {
                q.y += floor - lowest;
            }
        }
    }

    /// The figure's own frame in its base posture, for describing where a
    /// limb points: forward, up the body, and to the right.
    pub fn base_frame(position: Position) -> M3 {
        M3::rot_z(base(position).pitch)
    }
}

/// The bones, as pairs of points, with their fixed lengths.
pub fn bones() -> Vec<(usize, usize, f64)> {
    let mut out = vec![
        (pt::SPINE1, pt::SPINE2, SPINE_SEGMENT),
        (pt::SPINE2, pt::SPINE3, SPINE_SEGMENT),
        (pt::SPINE3, pt::CHEST, SPINE_SEGMENT),
        (pt::PELVIS, pt::SPINE1, PELVIS_UP),
        (pt::PELVIS, pt::HIP, HIP_HALF),
        (pt::PELVIS, pt::HIP + 1, HIP_HALF),
    ];
    for s in [0, 1] {
        out.push((pt::SHOULDER + s, pt::ELBOW + s, UPPER_ARM));
        out.push((pt::ELBOW + s, pt::HAND + s, FOREARM));
        out.push((pt::HIP + s, pt::KNEE + s, THIGH));
        out.push((pt::KNEE + s, pt::ANKLE + s, SHIN));
        out.push((pt::ANKLE + s, pt::TOE + s, FOOT));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pose::spec::PoseSpec;

    fn sk(spec: &PoseSpec) -> Skeleton {
        build(&resolve(spec))
    }

    fn pose(base: Position) -> PoseSpec {
        PoseSpec::new("P", base, View::Side)
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() < tol
    }

    #[test]
    fn limbs_keep_their_lengths_whatever_the_angles() {
        let mut specs = Vec::new();
        for base in Position::ALL {
            specs.push(pose(base));
            let mut p = pose(base);
            for (i, j) in JOINTS.iter().enumerate() {
                // Different joints at different fractions of their range.
                let t = (i as f64 * 0.37).fract();
                p = p.with(j.name, j.min + (j.max - j.min) * t);
            }
            specs.push(p);
        }
        for spec in &specs {
            let s = sk(spec);
            for (a, b, len) in bones() {
                let got = (s.p[a] - s.p[b]).len();
                assert!(
                    close(got, len, 1e-9),
                    "{:?} bone {a}-{b}: {got} != {len}",
                    spec.base
                );
            }
        }
    }

    #[test]
    fn a_joint_angle_moves_its_own_limb_only() {
        let start = sk(&pose(Position::Standing));
        let bent = sk(&pose(Position::Standing).with("elbow_right", 90.0));
        for i in 0..pt::COUNT {
            let moved = (start.p[i] - bent.p[i]).len() > 1e-6;
            assert_eq!(moved, i == pt::HAND + RIGHT, "point {i}");
        }
        // The forearm now points forward, level with the elbow.
        let forearm = bent.p[pt::HAND + RIGHT] - bent.p[pt::ELBOW + RIGHT];
        assert!(close(forearm.x, FOREARM, 1e-9) && close(forearm.y, 0.0, 1e-9));

        let raised = sk(&pose(Position::Standing).with("shoulder_left", 180.0));
        let arm = raised.p[pt::HAND] - raised.p[pt::SHOULDER];
        assert!(
            arm.y > UPPER_ARM + FOREARM - 1.0,
            "left arm straight up: {arm:?}"
        );
        assert_eq!(raised.p[pt::HAND + RIGHT], start.p[pt::HAND + RIGHT]);

        // Knees bend backward, hips flex forward.
        let knee = sk(&pose(Position::Standing).with("knee_left", 90.0));
        let shin = knee.p[pt::ANKLE] - knee.p[pt::KNEE];
        assert!(shin.x < -SHIN + 1e-6, "{shin:?}");
        let hip = sk(&pose(Position::Standing).with("hip_right", 90.0));
        let thigh = hip.p[pt::KNEE + RIGHT] - hip.p[pt::HIP + RIGHT];
        assert!(thigh.x > THIGH - 1e-6, "{thigh:?}");
    }

    #[test]
    fn bends_tilts_and_turns_go_the_documented_way() {
        let up = sk(&pose(Position::Standing));
        let head = |s: &Skeleton| s.p[pt::HEAD] - up.p[pt::HEAD];
        let s = sk(&pose(Position::Standing).with("neck_bend", 40.0));
        assert!(head(&s).x > 5.0, "bend forward");
        let s = sk(&pose(Position::Standing).with("neck_tilt", 30.0));
        assert!(head(&s).z > 5.0, "tilt to the right (+z)");
        let s = sk(&pose(Position::Standing).with("spine_tilt", -30.0));
        assert!(head(&s).z < -10.0, "spine bends to the left");
        let s = sk(&pose(Position::Standing).with("spine_turn", 60.0));
        let shoulders = s.p[pt::SHOULDER + RIGHT] - s.p[pt::SHOULDER];
        assert!(
            shoulders.x < -10.0,
            "turning right takes the right shoulder back"
        );
    }

    #[test]
    fn every_base_rests_on_the_floor_or_the_seat() {
        for base in Position::ALL {
            let s = sk(&pose(base));
            let lowest = (0..pt::COUNT)
                .filter(|&i| radius(i) > 0.0)
                .map(|i| s.p[i].y - radius(i))
                .fold(f64::INFINITY, f64::min);
            assert!(close(lowest, 0.0, 1.0), "{base:?}: lowest at {lowest}");
        }
        // Standing tall: the top of the head at about 180.
        let s = sk(&pose(Position::Standing));
        assert!(
            close(s.p[pt::HEAD].y + HEAD_R, 180.0, 3.0),
            "{}",
            s.p[pt::HEAD].y
        );
    }

    #[test]
    fn on_all_fours_hands_and_knees_stay_on_the_floor_as_the_back_moves() {
        for bend in [0.0, 45.0, -30.0] {
            let s = sk(&pose(Position::AllFours).with("spine_bend", bend));
            for side in [LEFT, RIGHT] {
                let hand = s.p[pt::HAND + side].y - ARM_W / 2.0;
                let knee = s.p[pt::KNEE + side].y - LEG_W / 2.0;
                assert!(close(hand, 0.0, 0.5), "bend {bend}: hand at {hand}");
                assert!(close(knee, 0.0, 0.5), "bend {bend}: knee at {knee}");
            }
            let arm = s.p[pt::ELBOW] - s.p[pt::SHOULDER];
            assert!(close(arm.x, 0.0, 1e-6), "arms stay vertical: {arm:?}");
        }
        // Cat: the middle of the back rises above its ends.
        let cat = sk(&pose(Position::AllFours).with("spine_bend", 45.0));
        let flat = sk(&pose(Position::AllFours));
        let rise = |s: &Skeleton| s.p[pt::SPINE2].y - (s.p[pt::PELVIS].y + s.p[pt::CHEST].y) / 2.0;
        assert!(rise(&cat) > rise(&flat) + 3.0);
    }

    #[test]
    fn lying_a_spine_turn_rolls_the_knees_over_and_keeps_the_shoulders_flat() {
        let knees_up = pose(Position::Lying)
            .with("hip_left", 60.0)
            .with("hip_right", 60.0)
            .with("knee_left", 110.0)
            .with("knee_right", 110.0);
        let start = sk(&knees_up);
        let dropped = sk(&knees_up.clone().with("spine_turn", -50.0));
        let sh = dropped.p[pt::SHOULDER + RIGHT] - dropped.p[pt::SHOULDER];
        assert!(close(sh.y, 0.0, 1e-6), "shoulders level: {sh:?}");
        let knee = |s: &Skeleton| (s.p[pt::KNEE] + s.p[pt::KNEE + RIGHT]) * 0.5;
        assert!(
            knee(&dropped).z > knee(&start).z + 15.0,
            "knees went to the right"
        );
        assert!(knee(&dropped).y < knee(&start).y - 10.0, "and down");
    }
}
