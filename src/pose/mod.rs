//! Pictures of poses, drawn by limber from typed data.
//!
//! An author describes each key position of an exercise as a base posture,
//! a few joint angles and props (`[[poses]]`, see [`PoseSpec`]); limber
//! turns each into an inline SVG figure in one consistent style, and, when
//! there are two or more, the data for an animation that moves the figure
//! between them.
//!
//! The pipeline reads top-down: [`spec`] is what authors write (checked
//! where it is loaded, by the content loader), [`skeleton`] turns angles
//! into a 3-D skeleton placed in the world, [`svg`] projects it through the
//! view's camera and writes the picture, and [`describe`] writes a text
//! alternative.

pub mod describe;
pub mod geometry;
pub mod skeleton;
pub mod spec;
pub mod svg;

pub use spec::{JOINTS, Joint, PoseSpec, Prop, View};
pub use svg::{Drawing, Frame, Wording, draw_exercise, draw_exercise_worded, draw_one};
