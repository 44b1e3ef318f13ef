//! The check behind "a zh-CN reader finds no English sentence": English words in a row, outside
//! what is never translated (code blocks and spans, quoted cluster messages, kubectl command
//! lines, names and Kubernetes terms, which carry a capital, a digit or punctuation).

use std::sync::LazyLock;

use regex::Regex;

use crate::command::USAGE;

/// Fenced blocks, code spans, quotes (straight and curly), kubectl lines, indented YAML lines
/// (`  path: /healthz`, as a fix's YAML reads before it is fenced) and warroom's own commands
/// with their subcommand (`/incident resolve`, as typed): left as they are in every locale.
static KEPT_AS_IS: LazyLock<Regex> = LazyLock::new(|| {
    let mut commands: Vec<&str> = USAGE.iter().map(|u| u.path).collect();
    // Longest first: "/incident resolve" is kept whole, not as "/incident" and a word.
    commands.sort_by_key(|c| std::cmp::Reverse(c.len()));
    let commands: Vec<String> = commands.into_iter().map(regex::escape).collect();
    Regex::new(&format!(
        r#"(?s)```.*?```|`[^`\n]*`|"[^"\n]*"|“[^”\n]*”|「[^」\n]*」|kubectl [^\n]*|(?m:^ +[A-Za-z0-9_.-]+:(?: [^\n]*)?$)|/(?:{})\b"#,
        commands.join("|")
    ))
    .expect("the pattern is valid")
});

/// Pairs of plain words a Chinese engineer writes in English.
const TERMS: &[[&str; 2]] = &[["exit", "code"]];

/// The runs of two or more plain English words (lowercase letters only) in `text`, each run as
/// it reads. Empty for text a Chinese reader would take as Chinese.
pub fn english_runs(text: &str) -> Vec<String> {
    let prose = KEPT_AS_IS.replace_all(text, " ");
    let mut runs = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let mut close = |run: &mut Vec<&str>| {
        let is_term = run.len() == 2 && TERMS.iter().any(|t| t[..] == run[..]);
        if run.len() >= 2 && !is_term {
            runs.push(run.join(" "));
        }
        run.clear();
    };
    // A Chinese character or punctuation mark ends a run, as a clause break does; so does a
    // line break (a line of YAML is not a sentence with the next one).
    for stretch in prose.split(|c: char| !c.is_ascii() || c == '\n') {
        for token in stretch.split_whitespace() {
            let word = token.trim_matches(|c: char| c.is_ascii_punctuation());
            let plain = word.len() >= 2 && word.bytes().all(|b| b.is_ascii_lowercase());
            if plain {
                run.push(word);
            } else {
                close(&mut run);
            }
            // A word ending a clause ("pods," "limit.") ends the run too.
            if plain && token.ends_with(|c: char| c.is_ascii_punctuation()) {
                close(&mut run);
            }
        }
        close(&mut run);
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::english_runs;

    #[test]
    fn an_english_phrase_in_chinese_is_found() {
        assert_eq!(
            english_runs("3 个 Pod OOMKilled with no memory limit，请提高 limit"),
            vec!["with no memory limit"]
        );
    }

    #[test]
    fn names_terms_code_quotes_and_commands_are_not_english_sentences() {
        let text = "命名空间 production 中 exit code 137：OOMKilled（SIGKILL），见 `kubectl logs -p`；\
                    最近的消息 \"Back-off restarting failed container\"\n\
                    ```yaml\nresources:\n  limits:\n    memory: 1Gi\n```\n\
                    kubectl -n production describe pod payment-service-7d9f";
        assert_eq!(english_runs(text), Vec::<String>::new());
    }

    #[test]
    fn a_command_as_typed_is_not_english_but_a_sentence_around_it_is() {
        assert_eq!(
            english_runs("恢复之后才能关闭（请先执行 /incident resolve），未做任何变更"),
            Vec::<String>::new()
        );
        assert_eq!(
            english_runs("请 run /incident resolve and then close it"),
            vec!["run and then close it"]
        );
    }

    #[test]
    fn indented_yaml_is_code_but_indented_prose_is_not() {
        let fix = "加上 startupProbe：\nstartupProbe:\n  httpGet:\n    path: /healthz\n    port: 8080\n\
                   然后放宽 liveness 探针。";
        assert_eq!(english_runs(fix), Vec::<String>::new());
        assert_eq!(
            english_runs("  then relax the probe"),
            vec!["then relax the probe"]
        );
    }

    #[test]
    fn words_across_a_line_break_are_not_one_run() {
        assert_eq!(
            english_runs("放行 DNS：\nmetadata:\n  namespace: shop\nspec:\n  podSelector: {}"),
            Vec::<String>::new()
        );
        assert_eq!(
            english_runs("放行 DNS：\nnext to the policy"),
            vec!["next to the policy"]
        );
    }

    #[test]
    fn words_across_a_clause_break_are_not_one_run() {
        assert_eq!(
            english_runs("节点 node-1 上 pods, memory。"),
            Vec::<String>::new()
        );
    }
}
