//! What the reader's own plan page (`plan.html`) knows of each exercise:
//! one small script per exercise under `_plan/`, which the page loads for
//! the exercises its address names. A script rather than JSON because a
//! page opened from disk may load scripts but not fetch files; one per
//! exercise so that a plan of five exercises from a library of a thousand
//! loads five.
//!
//! Each script calls `limberPlanData({...})` with the exercise's words as
//! the pages at the top of the site show them, its dose with the ranges the
//! reader may choose within, and what the player needs to time it.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::{Count, Guide, Sides, Switch};
use crate::render::views::{ExerciseView, ImageView, PoseView};

/// The folder of the plan's exercise scripts, under the output folder.
pub const PLAN_DATA_DIR: &str = "_plan";

/// A range as the page's controls offer it: the least and the most.
#[derive(Serialize)]
struct Range(i64, i64);

impl From<Count> for Range {
    fn from(c: Count) -> Range {
        Range(c.min(), c.max())
    }
}

#[derive(Serialize)]
struct PlanDose {
    reps: Option<Range>,
    sets: Option<Range>,
    hold: Option<Range>,
    per_day: Option<Range>,
    sides: Option<Sides>,
    note: Option<String>,
}

/// How the player times a repetition: as the guide's first routine with
/// the exercise times it, else by its hold or the standard pace.
#[derive(Serialize)]
struct PlanTiming {
    rep_seconds: Option<i64>,
    holds: i64,
    floor: bool,
    chair: bool,
    switch: Switch,
}

#[derive(Serialize)]
struct PlanExercise<'a> {
    slug: &'a str,
    title: &'a str,
    url: &'a str,
    summary: &'a str,
    dose: PlanDose,
    steps: &'a [String],
    cautions: &'a [String],
    /// The moving figure, for the player (HTML; empty when none).
    stage: &'a str,
    /// The still pictures of the positions, for the printed handout.
    poses: &'a [PoseView],
    images: &'a [ImageView],
    timing: PlanTiming,
}

/// Every exercise's plan script, by path under the output folder.
pub fn plan_data(guide: &Guide, views: &[Arc<ExerciseView>]) -> Vec<(String, Vec<u8>)> {
    // The first routine item of each exercise gives its pace.
    let mut paced: HashMap<&str, (Option<i64>, i64)> = HashMap::new();
    for item in guide.routines.iter().flat_map(|r| &r.items) {
        paced
            .entry(item.exercise.as_str())
            .or_insert((item.rep_seconds, item.holds));
    }
    guide
        .exercises
        .par_iter()
        .zip(views.par_iter())
        .map(|(ex, view)| {
            let (rep_seconds, holds) = paced.get(ex.slug.as_str()).copied().unwrap_or((None, 1));
            let setting = guide.config.item_setting(ex);
            let data = PlanExercise {
                slug: &view.slug,
                title: &view.title,
                url: &view.url,
                summary: &view.summary,
                dose: PlanDose {
                    reps: ex.dose.reps.map(Range::from),
                    sets: ex.dose.sets.map(Range::from),
                    hold: ex.dose.hold_seconds.map(Range::from),
                    per_day: ex.dose.per_day.map(Range::from),
                    sides: ex.dose.sides,
                    note: ex.dose.note.clone(),
                },
                steps: &view.steps_html,
                cautions: &view.cautions_html,
                stage: &view.pose_stage,
                poses: &view.poses,
                images: &view.images,
                timing: PlanTiming {
                    rep_seconds,
                    holds: holds.max(1),
                    floor: setting.floor,
                    chair: setting.chair,
                    switch: setting.switch,
                },
            };
            let json = serde_json::to_string(&data).unwrap_or_else(|_| "null".to_owned());
            (
                format!("{PLAN_DATA_DIR}/{}.js", view.slug),
                format!("limberPlanData({json});\n").into_bytes(),
            )
        })
        .collect()
}
