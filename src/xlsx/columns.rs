//! Fixed columns of a sheet declared once (`columns!`): their order, header text key and
//! width, used by the summary and the feedback workbooks alike.

/// Declares the fixed columns of a sheet once: their order (the variant order is the
/// column number), header text key and width.
macro_rules! columns {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => ($key:literal, $width:literal)),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            // Each column is documented by the texts key of its header (and any doc given).
            $($(#[$vdoc])* #[doc = concat!("The column headed by the text `", $key, "`.")] $variant),+
        }

        impl $name {
            /// Every column, left to right.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The column number.
            pub fn col(self) -> u16 {
                self as u16
            }

            /// The texts key of the column header.
            pub fn key(self) -> &'static str {
                match self {
                    $($name::$variant => $key),+
                }
            }

            /// The column width.
            pub fn width(self) -> f64 {
                match self {
                    $($name::$variant => $width as f64),+
                }
            }

            /// How many columns there are.
            pub fn count() -> u16 {
                Self::ALL.len() as u16
            }
        }

        impl $crate::xlsx::Column for $name {
            fn col(self) -> u16 {
                $name::col(self)
            }
            fn key(self) -> &'static str {
                $name::key(self)
            }
            fn width(self) -> f64 {
                $name::width(self)
            }
        }
    };
}

pub(crate) use columns;

/// A fixed column of a sheet, declared with `columns!`; lets a writer set the headers and
/// widths of any sheet's columns the same way.
pub trait Column: Copy {
    /// The column number.
    fn col(self) -> u16;
    /// The texts key of the column header.
    fn key(self) -> &'static str;
    /// The column width.
    fn width(self) -> f64;
}
