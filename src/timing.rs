//! How long a routine takes, as the list of timed phases the guided player
//! runs through. The page's "about N minutes" is the sum of the same phases,
//! so the estimate and the player can never disagree.
//!
//! The rules (documented for authors in docs/content-format.md):
//! - a range counts as its least number: a routine starts gently;
//! - one repetition lasts the item's `rep_seconds` when it gives one (the
//!   whole movement: into the position, the hold, and back), or else its
//!   hold, or else [`SECONDS_PER_REP`]; a repetition with a hold is shown
//!   as the movement and then the hold, so the hold has its own countdown;
//! - `sides` doubles the repetitions (`each`: all on one side, a pause to
//!   switch, then the other side; `alternating`: switching on every
//!   repetition); the pause is [`CHAIR_SWITCH_SECONDS`] for turning round
//!   on a chair, [`SWITCH_SIDES_SECONDS`] otherwise;
//! - `sets` repeats all of that, with the routine's rest between sets;
//! - the routine opens with [`GET_READY_SECONDS`] and rests
//!   `rest_seconds` between items; either lasts at least [`FLOOR_SECONDS`]
//!   when the reader has to get down onto the floor or up from it.

use serde::Serialize;

use crate::model::{Dose, Routine, RoutineItem, Sides, Switch};

/// A slow, controlled repetition with no hold: about the time of one calm
/// breath in and out.
pub const SECONDS_PER_REP: i64 = 5;
/// Before the first exercise: time to read it and get into position.
pub const GET_READY_SECONDS: i64 = 5;
/// Between the two sides of an `each` exercise: time to change arms, or to
/// turn round standing.
pub const SWITCH_SIDES_SECONDS: i64 = 5;
/// Between the two sides of an exercise done sitting, when the whole body
/// changes sides: time to get up and sit the other way round on a chair.
pub const CHAIR_SWITCH_SECONDS: i64 = 10;
/// The least time to get down onto the floor, or up from it, before an
/// item: an older reader needs a hand on a chair and a moment to steady.
pub const FLOOR_SECONDS: i64 = 15;
const _: () = assert!(FLOOR_SECONDS >= 15 && CHAIR_SWITCH_SECONDS >= 10);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PhaseKind {
    /// The lead-in before the first item.
    Ready,
    /// One repetition, or the movement or the hold of one.
    Work,
    /// Turning to the other side between the two halves of an `each` item.
    Switch,
    /// Between sets, or between items.
    Rest,
}

/// Which way a lead-in or rest takes the reader: onto the floor or up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FloorMove {
    Down,
    Up,
}

/// One countdown of the player.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Phase {
    pub kind: PhaseKind,
    pub seconds: i64,
    /// The item this phase belongs to; for a rest between items, the next one.
    pub item: usize,
    /// Whether the countdown is a hold (rather than a paced movement).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hold: bool,
    /// 1-based repetition and how many there are (on this side, in this set).
    #[serde(skip_serializing_if = "is_zero")]
    pub rep: u32,
    #[serde(skip_serializing_if = "is_zero")]
    pub reps: u32,
    /// 1 or 2 for a one-sided exercise; 0 otherwise.
    #[serde(skip_serializing_if = "is_zero")]
    pub side: u32,
    #[serde(skip_serializing_if = "is_zero")]
    pub set: u32,
    #[serde(skip_serializing_if = "is_zero")]
    pub sets: u32,
    /// A lead-in or rest that takes the reader onto the floor or up from it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub floor: Option<FloorMove>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Phase {
    fn new(kind: PhaseKind, seconds: i64, item: usize) -> Phase {
        Phase {
            kind,
            seconds,
            item,
            hold: false,
            rep: 0,
            reps: 0,
            side: 0,
            set: 0,
            sets: 0,
            floor: None,
        }
    }
}

/// Whether the player can time this dose: it needs repetitions or a hold.
pub fn is_timed(dose: &Dose) -> bool {
    dose.reps.is_some() || dose.hold_seconds.is_some()
}

/// The most repetitions or sets one item's plan is made of: validation keeps
/// every count below this, and the clamp makes sure that a number which
/// escaped it can only make a short plan, never a huge one.
const MOST_COUNTED: i64 = 1000;

fn count(c: Option<crate::model::Count>) -> u32 {
    c.map_or(1, |c| {
        u32::try_from(c.min().clamp(1, MOST_COUNTED)).unwrap_or(1)
    })
}

/// The most holds one repetition may have (`holds`): a cat-cow has two.
pub const MOST_HOLDS: i64 = 10;

/// How one repetition of `item` is timed: its countdowns in order, each
/// with whether it is a hold. A repetition with a hold is the movement into
/// it and then the hold, once for each of its `holds`.
fn rep_parts(item: &RoutineItem) -> Vec<(i64, bool)> {
    let Some(hold) = item.dose.hold_seconds.map(|h| h.min().max(1)) else {
        let whole = item.rep_seconds.map_or(SECONDS_PER_REP, |s| s.max(1));
        return vec![(whole, false)];
    };
    let holds = item.holds.clamp(1, MOST_HOLDS);
    let Some(whole) = item.rep_seconds.map(|s| s.max(1)) else {
        return (0..holds).map(|_| (hold, true)).collect();
    };
    // Never more holds than seconds, nor holds longer than the repetition.
    let holds = holds.min(whole);
    let hold = hold.min(whole / holds).max(1);
    let moving = whole - holds * hold;
    let mut out = Vec::new();
    for k in 0..holds {
        // The seconds of movement shared out, the first ones taking what
        // does not divide evenly.
        let share = moving / holds + i64::from(k < moving % holds);
        if share > 0 {
            out.push((share, false));
        }
        out.push((hold, true));
    }
    out
}

/// The pause between the two sides of an `each` item.
pub fn switch_seconds(item: &RoutineItem) -> i64 {
    let s = item.setting;
    if s.switch == Switch::Sides && s.chair && !s.floor {
        CHAIR_SWITCH_SECONDS
    } else {
        SWITCH_SIDES_SECONDS
    }
}

/// Whether getting from `before` (none: the start) to `next` takes the
/// reader down onto the floor or up from it.
fn floor_move(before: Option<&RoutineItem>, next: &RoutineItem) -> Option<FloorMove> {
    let was = before.is_some_and(|b| b.setting.floor);
    match (was, next.setting.floor) {
        (false, true) => Some(FloorMove::Down),
        (true, false) => Some(FloorMove::Up),
        _ => None,
    }
}

/// The lead-in (for the first item) or the rest before item `i`.
fn before_item(routine: &Routine, i: usize) -> (i64, Option<FloorMove>) {
    let Some(next) = routine.items.get(i) else {
        return (0, None);
    };
    let before = i.checked_sub(1).and_then(|b| routine.items.get(b));
    let plain = if i == 0 {
        GET_READY_SECONDS
    } else {
        routine.rest_seconds.max(0)
    };
    let floor = floor_move(before, next);
    let seconds = if floor.is_some() {
        plain.max(FLOOR_SECONDS)
    } else {
        plain
    };
    (seconds, floor)
}

/// How long `item` takes, worked out from its numbers without making its
/// phases: `None` when it is too long to count in seconds at all. Always
/// the same as the sum of [`item_phases`] when that is made.
pub fn item_seconds(item: &RoutineItem, rest_seconds: i64) -> Option<i64> {
    let dose = &item.dose;
    let reps = i64::from(count(dose.reps));
    let sets = i64::from(count(dose.sets));
    let per_rep = rep_parts(item)
        .iter()
        .try_fold(0i64, |t, &(seconds, _)| t.checked_add(seconds))?;
    let one_side = reps.checked_mul(per_rep)?;
    let one_set = match dose.sides {
        None => one_side,
        Some(Sides::Each) => one_side.checked_mul(2)?.checked_add(switch_seconds(item))?,
        Some(Sides::Alternating) => one_side.checked_mul(2)?,
    };
    let rests = (sets - 1).checked_mul(rest_seconds.max(0))?;
    one_set.checked_mul(sets)?.checked_add(rests)
}

/// How long the whole routine takes, without making its plan: `None` when
/// it is too long to count. Always the sum of [`plan`].
pub fn routine_seconds(routine: &Routine) -> Option<i64> {
    let rest = routine.rest_seconds.max(0);
    let mut total: i64 = 0;
    for (i, item) in routine.items.iter().enumerate() {
        total = total.checked_add(before_item(routine, i).0)?;
        total = total.checked_add(item_seconds(item, rest)?)?;
    }
    Some(total.max(GET_READY_SECONDS))
}

/// The phases of one item, without the rests around it.
pub fn item_phases(item: &RoutineItem, index: usize, rest_seconds: i64) -> Vec<Phase> {
    let dose = &item.dose;
    let reps = count(dose.reps);
    let sets = count(dose.sets);
    let parts = rep_parts(item);
    let mut out = Vec::new();
    for set in 1..=sets {
        if set > 1 && rest_seconds > 0 {
            out.push(Phase::new(PhaseKind::Rest, rest_seconds, index));
        }
        let parts = &parts;
        let one = move |rep: u32, reps: u32, side: u32| {
            let part = move |seconds: i64, is_hold: bool| Phase {
                hold: is_hold,
                rep,
                reps,
                side,
                set: if sets > 1 { set } else { 0 },
                sets: if sets > 1 { sets } else { 0 },
                ..Phase::new(PhaseKind::Work, seconds, index)
            };
            parts
                .iter()
                .map(move |&(seconds, is_hold)| part(seconds, is_hold))
        };
        match dose.sides {
            None => out.extend((1..=reps).flat_map(|r| one(r, reps, 0))),
            Some(Sides::Each) => {
                out.extend((1..=reps).flat_map(|r| one(r, reps, 1)));
                out.push(Phase::new(PhaseKind::Switch, switch_seconds(item), index));
                out.extend((1..=reps).flat_map(|r| one(r, reps, 2)));
            }
            Some(Sides::Alternating) => {
                // `reps` is per side, as the dose reads ("on each side").
                let all = reps * 2;
                out.extend((1..=all).flat_map(|r| one(r, all, 2 - r % 2)));
            }
        }
    }
    out
}

/// Every phase of the routine, in order.
pub fn plan(routine: &Routine) -> Vec<Phase> {
    let mut out = Vec::new();
    for (i, item) in routine.items.iter().enumerate() {
        let (seconds, floor) = before_item(routine, i);
        if i == 0 {
            out.push(Phase {
                floor,
                ..Phase::new(PhaseKind::Ready, seconds, 0)
            });
        } else if seconds > 0 {
            out.push(Phase {
                floor,
                ..Phase::new(PhaseKind::Rest, seconds, i)
            });
        }
        out.extend(item_phases(item, i, routine.rest_seconds));
    }
    if out.is_empty() {
        out.push(Phase::new(PhaseKind::Ready, GET_READY_SECONDS, 0));
    }
    out
}

pub fn total_seconds(phases: &[Phase]) -> i64 {
    phases
        .iter()
        .fold(0, |total: i64, p| total.saturating_add(p.seconds))
}

/// "About 5 minutes", "About 1 minute", "40 seconds": to the nearest
/// minute once a routine is a minute or longer.
pub fn duration_words(seconds: i64) -> String {
    if seconds < 60 {
        return format!("{seconds} second{}", if seconds == 1 { "" } else { "s" });
    }
    let minutes = seconds.saturating_add(30) / 60;
    format!(
        "About {minutes} minute{}",
        if minutes == 1 { "" } else { "s" }
    )
}

/// "4:05" for a clock-style display.
pub fn clock(seconds: i64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Count, ItemSetting};

    fn item(dose: Dose) -> RoutineItem {
        RoutineItem {
            exercise: "x".into(),
            dose,
            rep_seconds: None,
            holds: 1,
            chosen: Vec::new(),
            setting: ItemSetting::default(),
        }
    }

    fn routine(rest: i64, items: Vec<RoutineItem>) -> Routine {
        Routine {
            slug: "r".into(),
            title: "R".into(),
            summary: "S".into(),
            order: None,
            rest_seconds: rest,
            items,
            text: Default::default(),
        }
    }

    #[test]
    fn holds_times_reps_times_sides() {
        // 3 reps × 10 s × 2 sides + one switch.
        let i = item(Dose {
            reps: Some(Count::Exact(3)),
            hold_seconds: Some(Count::Exact(10)),
            sides: Some(Sides::Each),
            ..Dose::default()
        });
        let phases = item_phases(&i, 0, 15);
        assert_eq!(total_seconds(&phases), 3 * 10 * 2 + SWITCH_SIDES_SECONDS);
        assert_eq!(phases.len(), 7);
        assert_eq!(phases[3].kind, PhaseKind::Switch);
        assert_eq!((phases[4].rep, phases[4].side), (1, 2));
        assert!(phases[0].hold);
    }

    #[test]
    fn reps_without_a_hold_use_the_per_rep_estimate_and_ranges_their_least() {
        let i = item(Dose {
            reps: Some(Count::Range(10, 15)),
            sides: Some(Sides::Alternating),
            ..Dose::default()
        });
        let phases = item_phases(&i, 0, 0);
        assert_eq!(phases.len(), 20);
        assert_eq!(total_seconds(&phases), 20 * SECONDS_PER_REP);
        assert!(!phases[0].hold);
        let sides: Vec<u32> = phases.iter().take(4).map(|p| p.side).collect();
        assert_eq!(sides, [1, 2, 1, 2]);

        let mut own_pace = item(Dose {
            reps: Some(Count::Exact(2)),
            ..Dose::default()
        });
        own_pace.rep_seconds = Some(20);
        assert_eq!(total_seconds(&item_phases(&own_pace, 0, 0)), 40);
    }

    #[test]
    fn a_hold_alone_is_one_rep_and_sets_rest_between() {
        let i = item(Dose {
            hold_seconds: Some(Count::Range(20, 30)),
            sets: Some(Count::Exact(2)),
            ..Dose::default()
        });
        let phases = item_phases(&i, 0, 10);
        let kinds: Vec<PhaseKind> = phases.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [PhaseKind::Work, PhaseKind::Rest, PhaseKind::Work],
            "{phases:?}"
        );
        assert_eq!(total_seconds(&phases), 20 + 10 + 20);
    }

    #[test]
    fn a_routine_adds_the_lead_in_and_rests_between_items() {
        let a = item(Dose {
            reps: Some(Count::Exact(2)),
            hold_seconds: Some(Count::Exact(5)),
            ..Dose::default()
        });
        let b = item(Dose {
            reps: Some(Count::Exact(4)),
            ..Dose::default()
        });
        let r = routine(15, vec![a, b]);
        let phases = plan(&r);
        assert_eq!(phases[0].kind, PhaseKind::Ready);
        assert_eq!(
            total_seconds(&phases),
            GET_READY_SECONDS + 2 * 5 + 15 + 4 * SECONDS_PER_REP
        );
        let rest = phases
            .iter()
            .find(|p| p.kind == PhaseKind::Rest)
            .expect("a rest");
        assert_eq!(rest.item, 1, "a rest between items belongs to the next one");
        // No rest at all when the routine asks for none.
        let r0 = routine(0, r.items.clone());
        assert!(plan(&r0).iter().all(|p| p.kind != PhaseKind::Rest));
    }

    fn placed(dose: Dose, floor: bool, chair: bool, switch: Switch) -> RoutineItem {
        RoutineItem {
            setting: ItemSetting {
                floor,
                chair,
                switch,
            },
            ..item(dose)
        }
    }

    fn reps(n: i64) -> Dose {
        Dose {
            reps: Some(Count::Exact(n)),
            ..Dose::default()
        }
    }

    #[test]
    fn getting_down_onto_the_floor_and_up_again_gets_its_own_time() {
        let floor = placed(reps(2), true, false, Switch::Sides);
        let chair = placed(reps(2), false, true, Switch::Sides);
        // Starting on the floor: the lead-in is long enough to get down.
        let r = routine(0, vec![floor.clone(), chair.clone(), floor.clone()]);
        let phases = plan(&r);
        assert_eq!(phases[0].kind, PhaseKind::Ready);
        assert_eq!(
            (phases[0].seconds, phases[0].floor),
            (FLOOR_SECONDS, Some(FloorMove::Down))
        );
        // No rest asked for, yet getting up and down again get their time.
        let moves: Vec<(i64, Option<FloorMove>)> = phases
            .iter()
            .filter(|p| p.kind == PhaseKind::Rest)
            .map(|p| (p.seconds, p.floor))
            .collect();
        assert_eq!(
            moves,
            [
                (FLOOR_SECONDS, Some(FloorMove::Up)),
                (FLOOR_SECONDS, Some(FloorMove::Down))
            ]
        );
        // A longer rest is kept; off the floor the lead-in stays short.
        let r = routine(20, vec![chair.clone(), floor.clone()]);
        let phases = plan(&r);
        assert_eq!(
            (phases[0].seconds, phases[0].floor),
            (GET_READY_SECONDS, None)
        );
        let rest = phases.iter().find(|p| p.kind == PhaseKind::Rest).unwrap();
        assert_eq!((rest.seconds, rest.floor), (20, Some(FloorMove::Down)));
        assert_eq!(routine_seconds(&r), Some(total_seconds(&phases)));
    }

    #[test]
    fn turning_round_on_a_chair_takes_longer_than_changing_arms() {
        let each = Dose {
            sides: Some(Sides::Each),
            ..reps(1)
        };
        let switch_of = |i: &RoutineItem| {
            item_phases(i, 0, 0)
                .into_iter()
                .find(|p| p.kind == PhaseKind::Switch)
                .map(|p| p.seconds)
        };
        let chair = placed(each.clone(), false, true, Switch::Sides);
        assert_eq!(switch_of(&chair), Some(CHAIR_SWITCH_SECONDS));
        let arms = placed(each.clone(), false, true, Switch::Arms);
        assert_eq!(switch_of(&arms), Some(SWITCH_SIDES_SECONDS));
        let standing = placed(each, false, false, Switch::Sides);
        assert_eq!(switch_of(&standing), Some(SWITCH_SIDES_SECONDS));
        assert_eq!(
            item_seconds(&chair, 0),
            Some(total_seconds(&item_phases(&chair, 0, 0)))
        );
    }

    #[test]
    fn a_repetition_with_a_hold_shows_the_hold_as_its_own_countdown() {
        let mut i = item(Dose {
            hold_seconds: Some(Count::Exact(10)),
            ..reps(2)
        });
        i.rep_seconds = Some(15);
        let phases = item_phases(&i, 0, 0);
        let parts: Vec<(i64, bool, u32)> =
            phases.iter().map(|p| (p.seconds, p.hold, p.rep)).collect();
        assert_eq!(
            parts,
            [(5, false, 1), (10, true, 1), (5, false, 2), (10, true, 2)]
        );
        // A repetition shorter than its hold is all hold.
        i.rep_seconds = Some(4);
        let parts: Vec<(i64, bool)> = item_phases(&i, 0, 0)
            .iter()
            .map(|p| (p.seconds, p.hold))
            .collect();
        assert_eq!(parts, [(4, true), (4, true)]);
        // Two holds in one repetition (a cat-cow: round and hold, sink and
        // hold), the movement shared out before each.
        i.dose.reps = Some(Count::Exact(1));
        i.dose.hold_seconds = Some(Count::Range(3, 5));
        i.rep_seconds = Some(15);
        i.holds = 2;
        let parts: Vec<(i64, bool)> = item_phases(&i, 0, 0)
            .iter()
            .map(|p| (p.seconds, p.hold))
            .collect();
        assert_eq!(parts, [(5, false), (3, true), (4, false), (3, true)]);
        i.rep_seconds = None;
        assert_eq!(item_seconds(&i, 0), Some(6));
    }

    #[test]
    fn the_sum_worked_out_is_the_sum_of_the_phases() {
        let counts = [
            None,
            Some(Count::Exact(1)),
            Some(Count::Range(3, 7)),
            Some(Count::Exact(12)),
        ];
        let sides = [None, Some(Sides::Each), Some(Sides::Alternating)];
        let mut items = Vec::new();
        for reps in counts {
            for hold in counts {
                for sets in counts {
                    for side in sides {
                        for (rep_seconds, holds) in [
                            (None, 1),
                            (Some(1), 1),
                            (Some(20), 1),
                            (None, 2),
                            (Some(1), 3),
                            (Some(7), 2),
                        ] {
                            let mut i = item(Dose {
                                reps,
                                hold_seconds: hold,
                                sets,
                                sides: side,
                                ..Dose::default()
                            });
                            i.rep_seconds = rep_seconds;
                            i.holds = holds;
                            for rest in [0, 15] {
                                assert_eq!(
                                    item_seconds(&i, rest),
                                    Some(total_seconds(&item_phases(&i, 0, rest))),
                                    "{i:?} rest {rest}"
                                );
                            }
                            items.push(i);
                        }
                    }
                }
            }
        }
        for rest in [0, 10] {
            let r = routine(rest, items.clone());
            assert_eq!(routine_seconds(&r), Some(total_seconds(&plan(&r))));
        }
    }

    #[test]
    fn numbers_too_large_to_count_are_none_not_wrapped() {
        let mut i = item(Dose {
            reps: Some(Count::Exact(3)),
            ..Dose::default()
        });
        i.rep_seconds = Some(i64::MAX);
        assert_eq!(item_seconds(&i, 0), None);
        let r = routine(i64::MAX, vec![item(Dose::default()), item(Dose::default())]);
        assert_eq!(routine_seconds(&r), None);
        assert_eq!(
            duration_words(i64::MAX),
            format!("About {} minutes", i64::MAX / 60)
        );
    }

    #[test]
    fn durations_in_words() {
        assert_eq!(duration_words(45), "45 seconds");
        assert_eq!(duration_words(89), "About 1 minute");
        assert_eq!(duration_words(300), "About 5 minutes");
        assert_eq!(duration_words(629), "About 10 minutes");
        assert_eq!(clock(245), "4:05");
    }
}
