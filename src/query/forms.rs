//! Irregular English word forms that a stemmer cannot join: "met" is not "meet" to Snowball,
//! nor "spoke" "speak". A query word matches its other forms too, at a lower weight.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Irregular verbs (base, past, participle, as far as they differ) and nouns (singular, plural).
const GROUPS: &str = "\
arise arose arisen|awake awoke awoken|bear bore borne|beat beaten|become became|begin began begun|\
bend bent|bet|bid|bind bound|bite bit bitten|bleed bled|blow blew blown|break broke broken|\
breed bred|bring brought|build built|burn burnt|buy bought|catch caught|choose chose chosen|\
cling clung|come came|cost|creep crept|cut|deal dealt|dig dug|do did done|draw drew drawn|\
dream dreamt|drink drank drunk|drive drove driven|eat ate eaten|fall fell fallen|feed fed|\
feel felt|fight fought|find found|flee fled|fly flew flown|forbid forbade forbidden|\
forecast|foresee foresaw foreseen|forget forgot forgotten|forgive forgave forgiven|\
freeze froze frozen|get got gotten|give gave given|go went gone|grind ground|grow grew grown|\
hang hung|have has had|hear heard|hide hid hidden|hit|hold held|hurt|keep kept|kneel knelt|\
know knew known|lay laid|lead led|leave left|lend lent|let|lie lay lain|light lit|lose lost|\
make made|mean meant|meet met|mislead misled|overcome overcame|overtake overtook overtaken|\
overthrow overthrew overthrown|pay paid|prove proven|put|quit|read|rid|ride rode ridden|\
ring rang rung|rise rose risen|run ran|say said|see saw seen|seek sought|sell sold|send sent|\
set|shake shook shaken|shed|shine shone|shoot shot|show shown|shrink shrank shrunk|shut|\
sing sang sung|sink sank sunk|sit sat|sleep slept|slide slid|speak spoke spoken|speed sped|\
spend spent|spin spun|split|spread|spring sprang sprung|stand stood|steal stole stolen|\
stick stuck|sting stung|strike struck|strive strove striven|swear swore sworn|sweep swept|\
swim swam swum|swing swung|take took taken|teach taught|tear tore torn|tell told|think thought|\
throw threw thrown|undergo underwent undergone|understand understood|undertake undertook undertaken|\
upset|wake woke woken|wear wore worn|weep wept|win won|withdraw withdrew withdrawn|\
withhold withheld|withstand withstood|write wrote written|\
child children|man men|woman women|person people|foot feet|tooth teeth|mouse mice|\
crisis crises|analysis analyses|thesis theses|criterion criteria|phenomenon phenomena";

fn table() -> &'static HashMap<&'static str, Vec<&'static str>> {
    static T: OnceLock<HashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    T.get_or_init(|| {
        let mut t: HashMap<&str, Vec<&str>> = HashMap::new();
        for group in GROUPS.split('|') {
            let forms: Vec<&str> = group.split_whitespace().collect();
            for &form in &forms {
                let others = t.entry(form).or_default();
                for &f in &forms {
                    if f != form && !others.contains(&f) {
                        others.push(f);
                    }
                }
            }
        }
        t
    })
}

/// The other forms of a lower-case word ("met" for "meet", "meet" for "met"); empty for a
/// regular word.
pub fn other_forms(word: &str) -> &'static [&'static str] {
    table().get(word).map_or(&[], Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_join_both_ways() {
        assert_eq!(other_forms("meet"), ["met"]);
        assert_eq!(other_forms("met"), ["meet"]);
        assert_eq!(other_forms("spoke"), ["speak", "spoken"]);
        assert!(other_forms("lay").contains(&"laid") && other_forms("lay").contains(&"lie"));
        assert!(other_forms("talk").is_empty());
    }
}
