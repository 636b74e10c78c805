//! [`WordTokenizer`]: [`crate::text::Words`] as a tantivy tokenizer.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::text::Words;

/// Splits text into UAX #29 words, with apostrophes unified and possessives stripped.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

/// The token stream of [`WordTokenizer`].
pub struct WordTokenStream<'a> {
    words: Words<'a>,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.token.reset();
        WordTokenStream {
            words: Words::new(text),
            token: &mut self.token,
        }
    }
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let token = &mut *self.token;
        let Some((from, to)) = self.words.next_into(&mut token.text) else {
            return false;
        };
        token.offset_from = from;
        token.offset_to = to;
        token.position = token.position.wrapping_add(1);
        token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}
