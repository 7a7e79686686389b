//! A linear Kalman filter (the EKF with a linear measurement) reaches the closed-form
//! steady-state gain of the α-β filter.
//!
//! Model (per axis): piecewise-constant white acceleration of standard deviation `σ_a`,
//! position measured with noise `σ_w` every `T` seconds. Kalata (1984): with the tracking
//! index `λ = σ_a T² / σ_w`, the steady-state gains of the discrete Riccati equation are
//! `α = −(λ² + 8λ − (λ + 4)√(λ² + 8λ)) / 8`, `β = (λ² + 4λ − λ√(λ² + 8λ)) / 4`, and
//! `K = [α, β/T]ᵀ` (Bar-Shalom, Li & Kirubarajan 2001, §6.5).

use iadsim_track::filter::{GaussianPrediction, Predictor, Updater};
use iadsim_track::prelude::*;
use nalgebra::{SMatrix, SVector, Vector3};

fn kalata(lambda: f64) -> (f64, f64) {
    let r = (lambda * lambda + 8.0 * lambda).sqrt();
    let alpha = -(lambda * lambda + 8.0 * lambda - (lambda + 4.0) * r) / 8.0;
    let beta = (lambda * lambda + 4.0 * lambda - lambda * r) / 4.0;
    (alpha, beta)
}

#[test]
fn cv_gain_converges_to_alpha_beta_closed_form() {
    for &(sigma_a, sigma_w, t) in &[
        (1.0, 50.0, 1.0),
        (5.0, 20.0, 0.5),
        (0.2, 100.0, 2.0),
        (30.0, 10.0, 1.0),
    ] {
        let predictor = EkfPredictor::<6, _>::new(ConstantVelocity::piecewise(sigma_a));
        let updater = EkfUpdater::<6, CartesianPosition>::new();
        let sensor = Sensor::at_origin(
            CartesianPosition {
                sigma: Vector3::repeat(sigma_w),
            },
            0.9,
            1e-9,
        );
        let mut g = Gaussian::new(
            SVector::<f64, 6>::from_column_slice(&[1e4, 2e4, 3e3, 100.0, -50.0, 0.0]),
            SMatrix::<f64, 6, 6>::identity() * 1e6,
        );
        let mut last: Option<GaussianPrediction<6, 3>> = None;
        for _ in 0..2000 {
            g = predictor.predict(&g, t);
            let pred = updater
                .predict_measurement(&g, &sensor)
                .expect("prediction");
            // the gain does not depend on the data: use the predicted measurement
            let z = pred.z;
            g = updater.update(&g, &pred, &z);
            last = Some(pred);
        }
        let k = last.unwrap().gain();
        let lambda = sigma_a * t * t / sigma_w;
        let (alpha, beta) = kalata(lambda);
        for axis in 0..3 {
            let ka = k[(axis, axis)];
            let kb = k[(axis + 3, axis)];
            assert!((ka - alpha).abs() < 1e-9, "λ={lambda}: α {ka} vs {alpha}");
            assert!(
                (kb - beta / t).abs() < 1e-9,
                "λ={lambda}: β/T {kb} vs {}",
                beta / t
            );
            // cross-axis gains vanish
            assert!(k[(axis, (axis + 1) % 3)].abs() < 1e-12);
        }
        // Kalata's identity λ² = β² / (1 − α)
        assert!((lambda * lambda - beta * beta / (1.0 - alpha)).abs() < 1e-9 * lambda * lambda);
    }
}
