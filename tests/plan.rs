//! The reader's plan end to end: the plan page and each exercise's plan
//! script, from the real binary on fixture guides.

mod common;

use common::Guide;
use serde_json::Value;

/// The JSON an exercise's plan script hands to the page.
fn plan_data(g: &Guide, slug: &str) -> Value {
    let js = g.read(&format!("public/_plan/{slug}.js"));
    let json = js
        .strip_prefix("limberPlanData(")
        .and_then(|j| j.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("not a plan script: {js}"));
    serde_json::from_str(json).unwrap()
}

#[test]
fn every_exercise_gets_a_plan_script_with_its_ranges_words_and_pace() {
    let g = Guide::new();
    g.write(
        "content/routines/quick.toml",
        "title = \"Quick\"\nsummary = \"Both.\"\nrest_seconds = 10\n\n[[items]]\nexercise = \"seated-twist\"\nrep_seconds = 9\nholds = 2\n\n[[items]]\nexercise = \"wall-angel\"\n",
    );
    g.build().success();
    let page = g.read("public/plan.html");
    assert!(page.contains("<h1 id=\"plan-heading\">My plan</h1>"));
    assert!(
        page.contains("src=\"plan.js\""),
        "the plan page loads its script"
    );
    assert!(
        !page.contains("src=\"player.js\""),
        "the player comes with the first Play"
    );
    assert!(
        g.read("public/index.html")
            .contains("href=\"plan.html\">My plan</a>")
    );

    let twist = plan_data(&g, "seated-twist");
    assert_eq!(twist["title"], "Seated twist");
    assert_eq!(twist["url"], "exercises/seated-twist.html");
    // An exact number is a range of one; a range keeps both ends.
    assert_eq!(twist["dose"]["reps"], serde_json::json!([5, 5]));
    assert_eq!(twist["dose"]["hold"], serde_json::json!([3, 5]));
    assert_eq!(twist["dose"]["sides"], "each");
    assert_eq!(twist["dose"]["sets"], Value::Null);
    // Paced as the first routine with it paces it; done on a chair.
    assert_eq!(twist["timing"]["rep_seconds"], 9);
    assert_eq!(twist["timing"]["holds"], 2);
    assert_eq!(twist["timing"]["chair"], true);
    assert_eq!(twist["timing"]["floor"], false);
    let steps = twist["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 3);
    assert!(steps[1].as_str().unwrap().contains("<strong>hold</strong>"));
    assert_eq!(twist["cautions"][0], "Stop if it hurts.");
    // Not in any routine: the standard pace.
    let angel = plan_data(&g, "wall-angel");
    assert_eq!(angel["timing"]["holds"], 1);
}

#[test]
fn plan_scripts_carry_an_authors_markup_escaped_and_the_same_bytes_each_build() {
    let g = Guide::new();
    g.write(
        "content/exercises/odd.toml",
        "title = \"Odd </script><img src=x onerror=alert(1)>\"\nsummary = \"S \\u2028 line\"\nkind = \"stretch\"\nareas = [\"neck\"]\nsteps = [\"Do <b>it</b> now.\"]\ncautions = [\"Stop.\"]\n[dose]\nnote = \"As long as it feels good.\"\n",
    );
    g.build().success();
    let first = g.read("public/_plan/odd.js");
    let data = plan_data(&g, "odd");
    assert_eq!(data["title"], "Odd </script><img src=x onerror=alert(1)>");
    // Steps are HTML the page puts in as it is: the author's tags escaped.
    let step = data["steps"][0].as_str().unwrap();
    assert!(step.contains("&lt;b&gt;it&lt;/b&gt;"), "{step}");
    assert_eq!(data["dose"]["reps"], Value::Null);
    assert_eq!(data["dose"]["note"], "As long as it feels good.");
    g.build().success();
    assert_eq!(g.read("public/_plan/odd.js"), first);
}

#[test]
fn a_static_folder_named_like_the_plan_data_is_refused() {
    let g = Guide::new();
    g.write("static/_plan/seated-twist.js/x.txt", "mine");
    g.build().failure().code(1);
}
