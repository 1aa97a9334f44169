//! The one rule for text people type into the store (names, addresses, emails, notes,
//! messages, comments): it may not hold control characters, bar line breaks and tabs where a
//! field is several lines long, nor the invisible controls that reorder how text is shown
//! (bidirectional embeddings, overrides and isolates). Those make a name or an address read
//! differently from what is stored and printed on a label ("Trojan Source" spoofing), and a NUL
//! or an escape breaks what reads the text next. Right-to-left scripts need none of them: their
//! direction comes from the letters themselves.

/// Whether a field is one line or may hold several.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lines {
    /// A name, an address line, an email: no line breaks.
    One,
    /// A message or a comment: line breaks and tabs allowed.
    Many,
}

/// Whether `text` keeps the rule for a field of `lines`.
pub fn is_clean(text: &str, lines: Lines) -> bool {
    text.chars().all(|c| {
        let allowed_control = lines == Lines::Many && matches!(c, '\n' | '\r' | '\t');
        (!c.is_control() || allowed_control) && !is_bidi_control(c)
    })
}

/// U+202A–U+202E (embeddings and overrides), U+2066–U+2069 (isolates), and the marks U+200E,
/// U+200F and U+061C, which are only ever typed to steer the display.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_of_every_script_pass_and_controls_do_not() {
        for text in [
            "Erika Mustermann",
            "محمد الأحمد",
            "東京都千代田区",
            "Zoë, 3rd floor",
        ] {
            assert!(is_clean(text, Lines::One), "{text}");
        }
        for text in [
            "a\0b",
            "a\nb",
            "a\u{1b}[31m",
            "evil\u{202E}gnp.exe",
            "x\u{2066}y",
            "\u{200F}",
        ] {
            assert!(!is_clean(text, Lines::One), "{text:?}");
        }
        assert!(is_clean("Hello,\nsee you\tsoon", Lines::Many));
        assert!(!is_clean("Hello\0", Lines::Many));
        assert!(!is_clean("see \u{202E}reversed", Lines::Many));
    }
}
