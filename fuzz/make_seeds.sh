#!/usr/bin/env bash
# Builds the seed corpora from the sample records and the test fixtures'
# kinds of input. Run from the repository root: bash fuzz/make_seeds.sh
set -euo pipefail
cd "$(dirname "$0")"
rm -rf seeds && mkdir -p seeds/frontmatter seeds/record seeds/loader
i=0
while IFS= read -r -d '' f; do
  i=$((i + 1))
  cp "$f" "seeds/frontmatter/$i"
  { printf '\0'; cat "$f"; } > "seeds/record/$i"
done < <(find ../records -name '*.md' -not -path '*/attachments/*' -print0 | sort -z | head -z -n 40)
printf '\001kind = "plan"\ntitle = "x"\ndate = 2026-01-02\nbody = "正文"\n' > seeds/record/toml
printf '\000\xef\xbb\xbf+++\r\nkind = "民主生活会"\r\ntitle = "x"\r\ndate = "2026-06-18"\r\n+++\r\n' > seeds/record/bom-crlf
# loader: org.toml, then files each prefixed by a path selector byte
for n in 1 2 3; do
  {
    cat ../records/org.toml
    k=0
    for f in $(find ../records/2026 -name '*.md' -not -path '*/attachments/*' | sort | head -n $((n * 4))); do
      k=$((k + 1))
      printf '\0'; printf "\\x0$(( k % 6 + 1 ))"; cat "$f"
    done
  } > "seeds/loader/sample-$n"
done
echo "seeds: $(ls seeds/frontmatter | wc -l) frontmatter, $(ls seeds/record | wc -l) record, $(ls seeds/loader | wc -l) loader"
