//! The web site an article's address names, and whether a name found in the text is that
//! site's own.
//!
//! A site is a registrable domain (`politico.com`, `bbc.co.uk`): `edition.cnn.com` and
//! `money.cnn.com` are one site. An archived copy (`web.archive.org/web/…/http://…`) is the
//! site it archived. Platforms that host everyone's posts (social networks, podcast and video
//! hosts, link shorteners) name no outlet.

/// Second-level labels under which a country domain registers names (`co.uk`, `com.au`).
const SECOND_LEVEL: &[&str] = &["co", "com", "org", "net", "gov", "ac", "edu", "ne", "or"];

/// Sites that host other people's posts: their address says nothing of who published.
const PLATFORMS: &[&str] = &[
    "twitter.com",
    "x.com",
    "t.co",
    "facebook.com",
    "fb.com",
    "instagram.com",
    "youtube.com",
    "youtu.be",
    "vimeo.com",
    "soundcloud.com",
    "apple.com",
    "spotify.com",
    "google.com",
    "bit.ly",
    "ow.ly",
    "tinyurl.com",
    "reddit.com",
    "tumblr.com",
    "wordpress.com",
    "blogspot.com",
    "medium.com",
    "substack.com",
    "archive.org",
    "archive.ph",
];

/// The site of a web address: its registrable domain, lower case, or `None` for an address
/// with no host name, a bare IP address or a platform.
pub fn site_of(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest
        .split(['/', '?', '#'])
        .next()?
        .rsplit('@')
        .next()?
        .split(':')
        .next()?
        .trim_end_matches('.')
        .to_ascii_lowercase();
    if host == "web.archive.org" {
        // web.archive.org/web/20160920000000/http://abcnews.go.com/...
        let archived = rest.split_once("/web/")?.1.split_once('/')?.1;
        return site_of(archived);
    }
    let labels: Vec<&str> = host.split('.').collect();
    let valid = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        && labels
            .last()
            .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_alphabetic()));
    if !valid {
        return None;
    }
    let n = labels.len();
    let keep = if n >= 3 && labels[n - 1].len() == 2 && SECOND_LEVEL.contains(&labels[n - 2]) {
        3
    } else {
        2
    };
    let site = labels[n - keep..].join(".");
    (!PLATFORMS.contains(&site.as_str())).then_some(site)
}

/// The host names of a site's address, other than its suffix and `www`, as squashed words
/// (`abcnews.go.com` → `abcnews`, `go`).
fn host_labels(url: &str) -> Vec<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#', ':']).next().unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    let n = labels.len();
    let suffix = if n >= 3 && SECOND_LEVEL.contains(&labels[n - 2]) {
        2
    } else {
        1
    };
    labels[..n.saturating_sub(suffix)]
        .iter()
        .filter(|l| **l != "www")
        .map(|l| squash(l))
        .collect()
}

/// Whether `name`, found in an article's text, is the name of the site its `url` is on:
/// squashed to letters and digits (and without a leading "The"), the name is one of the
/// address's host labels, begins one or begins with one, or is its words' initials and last
/// word (`New York Times` and `nytimes`).
pub fn fits(name: &str, url: &str) -> bool {
    let words: Vec<String> = name
        .split_whitespace()
        .map(squash)
        .filter(|w| !w.is_empty())
        .collect();
    let words = match words.first().map(String::as_str) {
        Some("the") if words.len() > 1 => &words[1..],
        _ => &words[..],
    };
    let whole: String = words.concat();
    let whole = whole
        .strip_suffix("com")
        .filter(|_| name.to_ascii_lowercase().ends_with(".com"))
        .unwrap_or(&whole);
    if whole.len() < 2 {
        return false;
    }
    let short: String = match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => rest
            .iter()
            .filter_map(|w| w.chars().next())
            .chain(last.chars())
            .collect(),
        _ => String::new(),
    };
    host_labels(url).iter().any(|label| {
        label.len() >= 2
            && (label == whole
                || (label.len() >= 3 && whole.starts_with(label.as_str()))
                || (whole.len() >= 3 && label.starts_with(whole))
                || (!short.is_empty() && label == &short))
    })
}

/// Letters and digits of `s`, lower case.
pub fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_are_registrable_domains() {
        assert_eq!(
            site_of("https://www.politico.com/story/2016/09/x").as_deref(),
            Some("politico.com")
        );
        assert_eq!(
            site_of("http://edition.cnn.com/2016/09/20/politics/x/index.html").as_deref(),
            Some("cnn.com")
        );
        assert_eq!(
            site_of("money.cnn.com/2016/09/20/x").as_deref(),
            Some("cnn.com")
        );
        assert_eq!(
            site_of("https://www.bbc.co.uk/news/x").as_deref(),
            Some("bbc.co.uk")
        );
        assert_eq!(
            site_of("http://user@Example.ORG:8080/a?b#c").as_deref(),
            Some("example.org")
        );
        assert_eq!(
            site_of("https://web.archive.org/web/20160921/http://abcnews.go.com/US/x").as_deref(),
            Some("go.com")
        );
    }

    #[test]
    fn platforms_and_odd_addresses_name_no_site() {
        for url in [
            "https://twitter.com/someone/status/1",
            "https://itunes.apple.com/us/podcast/x",
            "https://soundcloud.com/politico/x",
            "http://127.0.0.1/x",
            "localhost",
            "",
            "not a url",
            "https://web.archive.org/web/",
        ] {
            assert_eq!(site_of(url), None, "{url}");
        }
    }

    #[test]
    fn names_fit_their_sites() {
        assert!(fits("POLITICO", "https://www.politico.com/x"));
        assert!(fits("ABC News", "http://abcnews.go.com/x"));
        assert!(fits(
            "The Washington Post",
            "https://www.washingtonpost.com/x"
        ));
        assert!(fits("New York Times", "https://www.nytimes.com/x"));
        assert!(fits("Eagle Rising", "http://eaglerising.com/x"));
        assert!(fits("FoxNews.com", "http://www.foxnews.com/x"));
        assert!(fits("POLITICO Playbook", "https://www.politico.com/x"));
        assert!(!fits("Breitbart News", "http://eaglerising.com/x"));
        assert!(!fits("The IRS", "http://occupydemocrats.com/x"));
        assert!(!fits("Times", "https://www.nytimes.com/x"));
        assert!(!fits("A", "http://a.com/x"));
    }

    proptest::proptest! {
        /// Any text is read without a panic, and a site, when there is one, is a lower-case
        /// domain of two or three labels that is no platform.
        #[test]
        fn any_address_gives_a_domain_or_none(url in "\\PC{0,60}") {
            if let Some(site) = site_of(&url) {
                let labels = site.split('.').count();
                proptest::prop_assert!((2..=3).contains(&labels), "{site}");
                proptest::prop_assert_eq!(site.to_ascii_lowercase(), site.clone());
                proptest::prop_assert!(!PLATFORMS.contains(&site.as_str()));
            }
            let _ = fits(&url, &url);
        }
    }
}
