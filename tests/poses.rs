//! End-to-end: pose pictures through the real binary — the upper-back
//! guide's figures, a guide written from the docs, and bad poses reported
//! with file, line and column.

mod common;

use std::fs;

use common::{Guide, limber, repo_root};
use limber::pose::JOINTS;
use tempfile::TempDir;

/// Every inline `<svg>…</svg>` of a page.
fn svgs(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let Some(len) = rest[start..].find("</svg>") else {
            break;
        };
        out.push(&rest[start..start + len + 6]);
        rest = &rest[start + len + 6..];
    }
    out
}

/// Parses an SVG as XML; returns its text alternative (the `<title>` its
/// `aria-labelledby` names).
fn text_alternative(svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"), "{svg}");
    let id = root.attribute("aria-labelledby").expect("aria-labelledby");
    let title = doc
        .descendants()
        .find(|n| n.has_tag_name("title") && n.attribute("id") == Some(id))
        .expect("the title it names");
    title.text().unwrap_or_default().to_owned()
}

fn build_repo() -> (TempDir, std::path::PathBuf) {
    let out = TempDir::new().unwrap();
    let public = out.path().join("public");
    limber()
        .args(["build", "--root"])
        .arg(repo_root())
        .arg("--output")
        .arg(&public)
        .assert()
        .success();
    (out, public)
}

#[test]
fn every_upper_back_exercise_shows_its_poses_and_their_animation() {
    let (_out, public) = build_repo();
    assert!(public.join("poses.js").is_file());
    let expect = [
        ("cat-cow", &["Start", "Cat", "Cow"][..]),
        ("opposite-arm-leg-raise", &["Start", "Reach"]),
        ("trunk-rotation", &["Start", "Knees to the right"]),
        (
            "neck-roll",
            &["Start", "Tilt right", "Roll forward", "Tilt left"],
        ),
        ("overhead-arm-reach", &["Start", "Reach over"]),
        ("chair-rotation", &["Start", "Turn"]),
    ];
    for (slug, labels) in expect {
        let page = fs::read_to_string(public.join(format!("exercises/{slug}.html"))).unwrap();
        let figures = svgs(&page);
        // One moving figure, then one picture per pose.
        assert_eq!(figures.len(), labels.len() + 1, "{slug}");
        assert!(
            text_alternative(figures[0]).starts_with("Animation: "),
            "{slug}"
        );
        for (svg, label) in figures[1..].iter().zip(labels) {
            let alt = text_alternative(svg);
            assert!(alt.starts_with(&format!("{label}: ")), "{slug}: {alt}");
            assert!(
                page.contains(&format!("</span> {label}</figcaption>")),
                "{slug}: {label}"
            );
        }
        assert!(page.contains("data-pose-anim=\""), "{slug}");
        assert!(
            page.contains("<script src=\"../poses.js\" defer></script>"),
            "{slug}"
        );
        // The moving figure is hidden until the script shows it: without
        // JavaScript only the still pictures are there.
        assert!(page.contains("class=\"pose-stage\""), "{slug}");
        assert!(
            page.contains("hidden><svg class=\"pose-svg pose-anim"),
            "{slug}"
        );
    }
    let cat = fs::read_to_string(public.join("exercises/cat-cow.html")).unwrap();
    assert!(cat.contains("Cat: on hands and knees on a mat, back rounded up, head down"));
    let trunk = fs::read_to_string(public.join("exercises/trunk-rotation.html")).unwrap();
    assert!(trunk.contains("knees bent and dropped to the right"));
}

/// Where a still picture's head is, and its radius: the largest filled
/// circle of the figure.
fn head(svg: &str) -> (f64, f64, f64) {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}"));
    let num = |n: &roxmltree::Node, k: &str| {
        n.attribute(k)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    doc.descendants()
        .filter(|n| n.has_tag_name("circle") && n.attribute("class") == Some("pose-ink"))
        .map(|n| (num(&n, "cx"), num(&n, "cy"), num(&n, "r")))
        .max_by(|a, b| a.2.total_cmp(&b.2))
        .expect("a head")
}

#[test]
fn the_neck_rolls_head_positions_are_clearly_apart() {
    let (_out, public) = build_repo();
    let page = fs::read_to_string(public.join("exercises/neck-roll.html")).unwrap();
    let heads: Vec<(f64, f64, f64)> = svgs(&page)[1..].iter().map(|s| head(s)).collect();
    assert_eq!(heads.len(), 4);
    // At phone size a move of less than the head's own radius is lost:
    // every two positions are further apart than that.
    for (i, a) in heads.iter().enumerate() {
        for (j, b) in heads.iter().enumerate().skip(i + 1) {
            let apart = (a.0 - b.0).hypot(a.1 - b.1);
            assert!(
                apart > a.2,
                "poses {} and {} are {apart:.1} apart, head radius {}",
                i + 1,
                j + 1,
                a.2
            );
        }
    }
}

#[test]
fn the_same_poses_give_the_same_bytes() {
    let (_a, first) = build_repo();
    let (_b, second) = build_repo();
    let (a, b) = (
        common::snapshot_tree(&first),
        common::snapshot_tree(&second),
    );
    assert!(a.keys().any(|k| k.ends_with("cat-cow.html")));
    assert_eq!(a, b);
}

/// The worked example in docs/content-format.md, exactly as written there.
fn docs_example() -> String {
    let docs = fs::read_to_string(repo_root().join("docs/content-format.md")).unwrap();
    let after = docs
        .split("<!-- poses-worked-example")
        .nth(1)
        .expect("the docs mark their worked example");
    let block = after
        .split("```markdown\n")
        .nth(1)
        .expect("a markdown block");
    block.split("\n```").next().expect("closed").to_owned() + "\n"
}

#[test]
fn a_guide_written_from_the_docs_can_add_poses() {
    let g = Guide::new();
    g.write("content/exercises/seated-side-bend.md", docs_example());
    g.build().success().stderr("");
    let page = g.read("public/exercises/seated-side-bend.html");
    let figures = svgs(&page);
    assert_eq!(figures.len(), 3);
    assert_eq!(
        text_alternative(figures[2]),
        "Reach over: sitting on a chair, upper body bending to the left, right arm raised over the head, head tilted to the left",
        "the docs quote this text alternative"
    );
    assert!(g.path("public/poses.js").is_file());
    // Exercises without poses are unchanged: no pictures, no script.
    let other = g.read("public/exercises/wall-angel.html");
    assert!(!other.contains("<svg") && !other.contains("poses.js"));
}

#[test]
fn the_docs_list_every_joint_with_its_range() {
    let docs = fs::read_to_string(repo_root().join("docs/content-format.md")).unwrap();
    for j in JOINTS {
        let row = format!("| `{}` | {} to {} |", j.name, j.min, j.max);
        assert!(docs.contains(&row), "docs/content-format.md lacks {row}");
    }
}

#[test]
fn an_exercise_image_wins_over_its_poses() {
    let g = Guide::new();
    // A real picture: the build reads every one.
    let mut png = Vec::new();
    image::ImageEncoder::write_image(
        image::codecs::png::PngEncoder::new(&mut png),
        &[200u8; 3 * 8 * 6],
        8,
        6,
        image::ExtendedColorType::Rgb8,
    )
    .unwrap();
    g.write("static/images/twist.png", png);
    let text = common::WALL_ANGEL.to_owned()
        + "\n[image]\nsrc = \"images/twist.png\"\nalt = \"A person at a wall\"\n\n[[poses]]\nlabel = \"Start\"\nbase = \"standing\"\n";
    g.write("content/exercises/wall-angel.toml", text);
    g.build().success();
    let page = g.read("public/exercises/wall-angel.html");
    assert!(page.contains("<img src=\"../_img/"), "{page}");
    assert!(page.contains("alt=\"A person at a wall\""));
    assert!(!page.contains("<svg"));
}

/// A guide whose wall-angel exercise has `poses` as given; the build's
/// stderr, which must be a failure.
fn bad_poses(poses: &str) -> String {
    let g = Guide::new();
    g.write(
        "content/exercises/wall-angel.toml",
        common::WALL_ANGEL.to_owned() + "\n" + poses,
    );
    let out = g.build().code(1).get_output().stderr.clone();
    String::from_utf8(out).unwrap()
}

/// The line of `WALL_ANGEL` plus a blank line, where `poses` start.
fn first_pose_line() -> usize {
    common::WALL_ANGEL.lines().count() + 2
}

#[test]
fn an_unknown_joint_is_an_error_with_its_place_and_a_suggestion() {
    let err = bad_poses(
        "[[poses]]\nlabel = \"Start\"\nbase = \"standing\"\nangles = { elbow_left = 20, knee_lft = 30 }\n",
    );
    let line = first_pose_line() + 3;
    assert!(
        err.contains("error[E0190]: `knee_lft` is not a joint limber knows"),
        "{err}"
    );
    assert!(
        err.contains(&format!("content/exercises/wall-angel.toml:{line}:29")),
        "{err}"
    );
    assert!(err.contains("help: did you mean `knee_left`?"), "{err}");
}

#[test]
fn an_angle_out_of_range_is_an_error_that_gives_the_range() {
    let err = bad_poses(
        "[[poses]]\nlabel = \"Start\"\nbase = \"standing\"\n\n[poses.angles]\nneck_bend = 10\nelbow_right = 200\n",
    );
    let line = first_pose_line() + 6;
    assert!(
        err.contains("error[E0191]: `elbow_right = 200` is outside what a body can do"),
        "{err}"
    );
    assert!(
        err.contains(&format!("content/exercises/wall-angel.toml:{line}:15")),
        "{err}"
    );
    assert!(err.contains("expected 0 to 150 degrees"), "{err}");
    assert!(
        err.contains("help: `elbow_right` goes from 0 (straight) to 150 (fully bent)"),
        "{err}"
    );
}

#[test]
fn a_prop_the_base_cannot_use_is_an_error() {
    let err =
        bad_poses("[[poses]]\nlabel = \"Start\"\nbase = \"lying\"\nprops = [\"mat\", \"chair\"]\n");
    let line = first_pose_line() + 3;
    assert!(
        err.contains("error[E0192]: a `lying` pose cannot use the prop `chair`"),
        "{err}"
    );
    assert!(
        err.contains(&format!("content/exercises/wall-angel.toml:{line}:17")),
        "{err}"
    );
    assert!(err.contains("help: a chair is for sitting on"), "{err}");
}

#[test]
fn bad_poses_in_markdown_front_matter_point_at_the_right_line() {
    let g = Guide::new();
    let text = common::SEATED_TWIST.replacen(
        "+++\n\nTurn slowly.",
        "\n[[poses]]\nlabel = \"\"\nbase = \"seated\"\nprops = [\"mat\"]\n+++\n\nTurn slowly.",
        1,
    );
    g.write("content/exercises/seated-twist.md", text);
    let err = String::from_utf8(g.build().code(1).get_output().stderr.clone()).unwrap();
    assert!(err.contains("error[E0193]"), "{err}");
    assert!(
        err.contains("content/exercises/seated-twist.md:17:9"),
        "{err}"
    );
    assert!(
        err.contains("error[E0192]: a `seated` pose cannot use the prop `mat`"),
        "{err}"
    );
    assert!(
        err.contains("content/exercises/seated-twist.md:19:10"),
        "{err}"
    );
}

#[test]
fn an_unknown_base_or_view_is_reported_by_the_parser_with_the_choices() {
    let err = bad_poses("[[poses]]\nlabel = \"Start\"\nbase = \"sitting\"\n");
    assert!(err.contains("error[E0113]"), "{err}");
    assert!(err.contains("seated"), "{err}");
    let err = bad_poses("[[poses]]\nlabel = \"Start\"\nbase = \"seated\"\nview = \"back\"\n");
    assert!(err.contains("error[E0113]"), "{err}");
    assert!(err.contains("three-quarter"), "{err}");
}

#[test]
fn poses_drawn_differently_build_with_a_warning_and_no_animation() {
    let g = Guide::new();
    g.write(
        "content/exercises/wall-angel.toml",
        common::WALL_ANGEL.to_owned()
            + "\n[[poses]]\nlabel = \"A\"\nbase = \"standing\"\n\n[[poses]]\nlabel = \"B\"\nbase = \"standing\"\nview = \"front\"\n",
    );
    let out = g.build().success().get_output().stderr.clone();
    let err = String::from_utf8(out).unwrap();
    assert!(err.contains("warning[W0190]"), "{err}");
    let page = g.read("public/exercises/wall-angel.html");
    assert_eq!(svgs(&page).len(), 2);
    assert!(!page.contains("data-pose-anim") && !page.contains("poses.js"));
}
