//! List pages give each exercise only the fields their templates read. A
//! guide's own templates must still get every field they name, however
//! they name it.

mod common;

use common::Guide;

fn index_with(template: &str) -> String {
    let g = Guide::new();
    g.write("templates/index.html", template);
    g.build().success();
    g.read("public/index.html")
}

#[test]
fn a_list_template_gets_the_fields_it_names() {
    let html = index_with(
        "{% for ex in exercises %}[{{ ex.intro_html | safe }}|{{ ex[\"steps_html\"] | length }}]{% endfor %}",
    );
    assert!(html.contains("<p>Turn slowly."), "{html}");
    assert!(html.contains("|3]"), "{html}");
}

#[test]
fn fields_named_through_an_included_template_or_a_macro() {
    let g = Guide::new();
    g.write(
        "templates/index.html",
        "{% import \"mine.html\" as mine %}{% for e in exercises %}{{ mine::show(x=e) }}{% include \"part.html\" %}{% endfor %}",
    );
    g.write(
        "templates/mine.html",
        "{% macro show(x) %}<{{ x.cautions_html | join(sep=\";\") | safe }}>{% endmacro show %}",
    );
    g.write(
        "templates/part.html",
        "({{ e.equipment | join(sep=\",\") }})",
    );
    g.build().success();
    let html = g.read("public/index.html");
    assert!(html.contains("<Stop if it hurts.>"), "{html}");
    assert!(html.contains("(chair)"), "{html}");
}

#[test]
fn templates_that_may_read_any_field_get_them_all() {
    let html = index_with("{% for ex in exercises %}{{ ex | json_encode() | safe }}{% endfor %}");
    assert!(html.contains("\"steps_html\""), "{html}");
    assert!(html.contains("\"sources\""), "{html}");
}
