//! A Snowball stemmer token filter that remembers the stems it made, per
//! thread: the same words come back all the time in news text, and stemming
//! was most of the time of cutting a search hit's snippet (each hit's text
//! is tokenized and stemmed again to find the query's words). The stems are
//! those of `rust-stemmers`, as tantivy's own `Stemmer` gives them.

use std::cell::RefCell;
use std::collections::HashMap;

use rust_stemmers::Algorithm;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Words kept per thread and language before the memory is emptied.
const KEEP: usize = 200_000;

thread_local! {
    /// (algorithm index, word) → stem.
    static STEMS: RefCell<Vec<HashMap<String, String>>> = const { RefCell::new(Vec::new()) };
}

#[derive(Clone, Copy)]
pub struct CachedStemmer {
    algorithm: Algorithm,
    /// Which of the thread's memories this language uses.
    slot: usize,
}

impl CachedStemmer {
    /// `slot`: a number per language, small and distinct.
    pub fn new(algorithm: Algorithm, slot: usize) -> CachedStemmer {
        CachedStemmer { algorithm, slot }
    }
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemFilter<T> {
        CachedStemFilter {
            stemmer: self,
            inner: tokenizer,
        }
    }
}

#[derive(Clone)]
pub struct CachedStemFilter<T> {
    stemmer: CachedStemmer,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CachedStemFilter<T> {
    type TokenStream<'a> = CachedStemStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemStream {
            tail: self.inner.token_stream(text),
            stemmer: rust_stemmers::Stemmer::create(self.stemmer.algorithm),
            slot: self.stemmer.slot,
        }
    }
}

pub struct CachedStemStream<T> {
    tail: T,
    stemmer: rust_stemmers::Stemmer,
    slot: usize,
}

impl<T: TokenStream> TokenStream for CachedStemStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        STEMS.with(|memory| {
            let mut memory = memory.borrow_mut();
            if memory.len() <= self.slot {
                memory.resize_with(self.slot + 1, HashMap::new);
            }
            let Some(known) = memory.get_mut(self.slot) else {
                return;
            };
            if let Some(stem) = known.get(&token.text) {
                token.text.clear();
                token.text.push_str(stem);
                return;
            }
            let stem = self.stemmer.stem(&token.text).into_owned();
            if known.len() >= KEEP {
                known.clear();
            }
            known.insert(std::mem::replace(&mut token.text, stem.clone()), stem);
        });
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};

    fn tokens(mut a: TextAnalyzer, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut s = a.token_stream(text);
        while s.advance() {
            out.push(s.token().text.clone());
        }
        out
    }

    #[test]
    fn gives_the_stems_of_tantivys_stemmer_twice_over() {
        let text = "Les négociations reprennent; les négociateurs négocient encore, négociations obligent.";
        let plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::French))
            .build();
        let cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer::new(Algorithm::French, 0))
            .build();
        let expected = tokens(plain, text);
        assert_eq!(tokens(cached.clone(), text), expected);
        // From memory the second time, the same.
        assert_eq!(tokens(cached, text), expected);
        assert!(
            expected
                .iter()
                .filter(|t| *t == "negoci" || *t == "négoci")
                .count()
                >= 2,
            "{expected:?}"
        );
    }
}
