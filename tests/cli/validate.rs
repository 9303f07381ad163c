//! `digiaste validate` and `digiaste score` on real returns.

use super::*;
