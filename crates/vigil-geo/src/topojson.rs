//! Decoding TopoJSON outlines (the Natural Earth country outlines of the `world-atlas`
//! package): shared by `build.rs` (the centres of countries' landmasses) and the application
//! layer (the dashboard's country outlines).

use serde_json::Value;

/// Decodes the arcs of a topology to `[lon, lat]` points: quantised, delta-encoded integers
/// scaled by its `transform`, or plain points when it has none.
#[must_use]
pub fn arcs(topology: &Value) -> Vec<Vec<[f64; 2]>> {
    let (sx, sy, tx, ty) = match topology.get("transform") {
        Some(t) => (
            t["scale"][0].as_f64().unwrap_or(1.0),
            t["scale"][1].as_f64().unwrap_or(1.0),
            t["translate"][0].as_f64().unwrap_or(0.0),
            t["translate"][1].as_f64().unwrap_or(0.0),
        ),
        None => (1.0, 1.0, 0.0, 0.0),
    };
    let quantised = topology.get("transform").is_some();
    topology["arcs"]
        .as_array()
        .map(|all| {
            all.iter()
                .map(|arc| {
                    let (mut x, mut y) = (0.0, 0.0);
                    arc.as_array()
                        .into_iter()
                        .flatten()
                        .map(|p| {
                            let (px, py) =
                                (p[0].as_f64().unwrap_or(0.0), p[1].as_f64().unwrap_or(0.0));
                            if quantised {
                                x += px;
                                y += py;
                                [x * sx + tx, y * sy + ty]
                            } else {
                                [px, py]
                            }
                        })
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A ring from arc indices (a negative index `!i` is arc `i` reversed).
#[must_use]
pub fn ring(arcs: &[Vec<[f64; 2]>], indices: &Value) -> Vec<[f64; 2]> {
    let mut out: Vec<[f64; 2]> = Vec::new();
    for i in indices
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_i64)
    {
        let (k, reversed) = if i < 0 { (!i, true) } else { (i, false) };
        let Some(arc) = usize::try_from(k).ok().and_then(|k| arcs.get(k)) else {
            continue;
        };
        let mut points = arc.clone();
        if reversed {
            points.reverse();
        }
        // Consecutive arcs share their end point.
        let skip = usize::from(!out.is_empty());
        out.extend(points.into_iter().skip(skip));
    }
    out
}
