//! One name per outlet across an archive, with every other name it goes by as an alias.
//!
//! Articles name their outlet in many ways (`POLITICO`, `Politico`, `POLITICO Playbook`,
//! `politico.com`). Names are grouped when an article of a site gives the name, when the
//! name's letters are the site's (`Eagle Rising` and `eaglerising.com`) or another name's
//! (`Fox News` and `FoxNews.com`), or when its first word is a site's brand (`POLITICO
//! Playbook` and `politico.com`); sites meet on their first label (`politico.com`,
//! `politico.eu`). A group's canonical name is the name its articles give most
//! often, a site's bare domain only when nothing else names it.

use std::collections::HashMap;

use super::site::squash;

/// The outlets of an archive: groups of names and sites.
#[derive(Debug, Default, Clone)]
pub struct OutletNames {
    /// Each group's canonical name and the keyword terms of its names and sites.
    groups: Vec<(String, Vec<String>)>,
    /// Group of each keyword term (folded name or site) and of each squashed key.
    by_term: HashMap<String, usize>,
}

/// One article's outlet, as the archive counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutletName {
    /// The site of its address (`politico.com`), when the name is that site's: its domain or a
    /// name that fits its address ([`super::fits`]), not a name a source gave for an article of
    /// another site (a page sharing a link).
    pub site: Option<String>,
    /// The name the article was given.
    pub name: String,
    /// How many articles gave it.
    pub articles: u64,
}

/// The key names and sites meet on: letters and digits, without a leading "the" or a trailing
/// web suffix; a site's is its first label (`eaglerising.com` → `eaglerising`).
fn key(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    let lower = lower.strip_prefix("the ").unwrap_or(&lower);
    let lower = [".com", ".org", ".net", ".co.uk", ".news"]
        .iter()
        .find_map(|suffix| lower.strip_suffix(suffix))
        .unwrap_or(lower);
    squash(lower)
}

fn site_key(site: &str) -> String {
    squash(site.split('.').next().unwrap_or(site))
}

impl OutletNames {
    /// Groups the archive's outlet names. `fold` makes a name's keyword term (as the index
    /// stores it).
    pub fn build(names: &[OutletName], fold: impl Fn(&str) -> String) -> OutletNames {
        // Union-find over squashed keys.
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut parent: Vec<usize> = Vec::new();
        fn find(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        let mut id = |k: String, parent: &mut Vec<usize>| {
            *ids.entry(k).or_insert_with(|| {
                parent.push(parent.len());
                parent.len() - 1
            })
        };
        let mut node_of = Vec::with_capacity(names.len());
        let union = |a: usize, b: usize, parent: &mut Vec<usize>| {
            let (ra, rb) = (find(parent, a), find(parent, b));
            parent[ra] = rb;
        };
        for n in names {
            let a = id(key(&n.name), &mut parent);
            if let Some(site) = n.site.as_deref() {
                let b = id(site_key(site), &mut parent);
                union(a, b, &mut parent);
            }
            node_of.push(a);
        }
        // A name that begins with a site's brand is that site's (`POLITICO Playbook`).
        let sites: std::collections::HashSet<String> = names
            .iter()
            .filter_map(|n| n.site.as_deref())
            .map(site_key)
            .collect();
        for (n, &node) in names.iter().zip(&node_of) {
            let first = n
                .name
                .split_whitespace()
                .find(|w| !w.eq_ignore_ascii_case("the"));
            let brand = first.map(key).filter(|k| k.len() >= 2 && sites.contains(k));
            if let Some(brand) = brand {
                let b = id(brand, &mut parent);
                union(node, b, &mut parent);
            }
        }
        // Per root: name counts (bare domains apart) and terms.
        let mut groups_of_root: HashMap<usize, usize> = HashMap::new();
        let mut counts: Vec<HashMap<&str, (u64, bool)>> = Vec::new();
        let mut terms: Vec<Vec<String>> = Vec::new();
        let mut by_term = HashMap::new();
        for (n, node) in names.iter().zip(node_of) {
            let root = find(&mut parent, node);
            let g = *groups_of_root.entry(root).or_insert_with(|| {
                counts.push(HashMap::new());
                terms.push(Vec::new());
                counts.len() - 1
            });
            let bare = n.site.as_deref() == Some(n.name.as_str());
            let entry = counts[g].entry(n.name.as_str()).or_insert((0, bare));
            entry.0 += n.articles;
            let mut known = vec![fold(&n.name)];
            known.extend(n.site.clone());
            for term in known {
                if !terms[g].contains(&term) {
                    by_term.insert(term.clone(), g);
                    terms[g].push(term);
                }
            }
            by_term.insert(key(&n.name), g);
            if let Some(site) = n.site.as_deref() {
                by_term.insert(site_key(site), g);
            }
        }
        let groups = counts
            .into_iter()
            .zip(terms)
            .map(|(names, terms)| {
                let canonical = names
                    .iter()
                    .max_by(|a, b| {
                        (!a.1 .1, a.1 .0, std::cmp::Reverse(*a.0)).cmp(&(
                            !b.1 .1,
                            b.1 .0,
                            std::cmp::Reverse(*b.0),
                        ))
                    })
                    .map(|(name, _)| name.to_string())
                    .unwrap_or_default();
                (canonical, terms)
            })
            .collect();
        OutletNames { groups, by_term }
    }

    fn group(&self, name: &str, fold: impl Fn(&str) -> String) -> Option<&(String, Vec<String>)> {
        let g = self
            .by_term
            .get(&fold(name))
            .or_else(|| self.by_term.get(&key(name)))?;
        self.groups.get(*g)
    }

    /// The canonical name of the outlet `name` (a name, an alias or a site) belongs to.
    pub fn canonical(&self, name: &str, fold: impl Fn(&str) -> String) -> Option<&str> {
        self.group(name, fold)
            .map(|(canonical, _)| canonical.as_str())
    }

    /// The keyword terms of every name and site of the outlet `name` belongs to, to filter on;
    /// empty when the archive knows no such outlet.
    pub fn terms(&self, name: &str, fold: impl Fn(&str) -> String) -> &[String] {
        self.group(name, fold).map_or(&[], |(_, terms)| terms)
    }

    /// How many outlets the archive has.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether the archive names no outlet.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(s: &str) -> String {
        s.to_lowercase()
    }

    fn n(site: Option<&str>, name: &str, articles: u64) -> OutletName {
        OutletName {
            site: site.map(str::to_string),
            name: name.into(),
            articles,
        }
    }

    fn archive() -> OutletNames {
        OutletNames::build(
            &[
                n(Some("politico.com"), "POLITICO", 30),
                n(Some("politico.com"), "politico.com", 50),
                n(Some("politico.com"), "POLITICO Playbook", 3),
                n(None, "POLITICO Playbook", 2),
                n(None, "POLITICO Pro", 2),
                n(None, "The Times of India", 2),
                n(Some("nytimes.com"), "The New York Times", 2),
                n(None, "Politico", 1),
                n(None, "Fox News", 4),
                n(None, "FoxNews.com", 2),
                n(Some("eaglerising.com"), "eaglerising.com", 9),
                n(None, "Eagle Rising", 5),
                n(None, "The Kyiv Independent", 1),
                n(None, "Breitbart News", 2),
                // A page's name on another site's article is given without the site.
                n(None, "The Other 98", 3),
                n(Some("washingtonpost.com"), "washingtonpost.com", 1),
            ],
            fold,
        )
    }

    #[test]
    fn an_outlet_has_one_name_whatever_it_was_called() {
        let names = archive();
        for alias in [
            "politico",
            "POLITICO Playbook",
            "POLITICO Pro",
            "politico.com",
            "Politico",
        ] {
            assert_eq!(names.canonical(alias, fold), Some("POLITICO"), "{alias}");
        }
        assert_eq!(names.canonical("FoxNews.com", fold), Some("Fox News"));
        assert_eq!(
            names.canonical("eaglerising.com", fold),
            Some("Eagle Rising")
        );
        assert_eq!(
            names.canonical("Kyiv Independent", fold),
            Some("The Kyiv Independent")
        );
        assert_eq!(names.canonical("Breitbart", fold), None);
        assert_eq!(
            names.canonical("nytimes.com", fold),
            Some("The New York Times")
        );
        assert_eq!(
            names.canonical("Times of India", fold),
            Some("The Times of India")
        );
        assert_eq!(names.canonical("Other 98", fold), Some("The Other 98"));
        assert_eq!(names.terms("The Other 98", fold), ["the other 98"]);
        assert_eq!(names.len(), 9);
    }

    #[test]
    fn filters_take_every_name_of_the_outlet() {
        let names = archive();
        let mut terms = names.terms("politico", fold).to_vec();
        terms.sort();
        assert_eq!(
            terms,
            [
                "politico",
                "politico playbook",
                "politico pro",
                "politico.com"
            ]
        );
        assert!(names.terms("breitbart", fold).is_empty());
        assert!(!names.terms("breitbart news", fold).is_empty());
    }
}
