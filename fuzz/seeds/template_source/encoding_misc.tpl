{{ b64enc "hello" }} {{ b64dec "aGVsbG8=" }} {{ b64dec "!!" }} {{ b32enc "hi" }} {{ b32dec "NBUQ====" }}
{{ sha1sum "x" }} {{ sha256sum "x" }} {{ sha512sum "x" | trunc 16 }} {{ adler32sum "x" }} {{ htpasswd "user" "pass" | hasPrefix "user:" }}
{{ semver "1.2.3-beta.1+build" }} {{ (semver "v2.0.0").Major }} {{ semverCompare "^1.2" "1.4.0" }} {{ semverCompare "~1.2.0" "1.3.0" }} {{ semverCompare ">=1.21-0 <1.30" "1.27.3-eks-1" }}
{{ randAlphaNum 8 | len }} {{ randAlpha 4 | len }} {{ randNumeric 3 | len }} {{ randAscii 5 | len }} {{ uuidv4 | len }}
{{ now | date "2006-01-02" | len }} {{ toDate "2006-01-02" "2024-02-29" | date "Jan 2, 2006" }} {{ duration 3725 }} {{ durationRound "2h10m5s" }} {{ dateInZone "15:04 MST" (toDate "2006-01-02" "2024-01-01") "UTC" }}
{{ unixEpoch (toDate "2006-01-02" "2000-01-01") }} {{ dateModify "+1h" (toDate "2006-01-02" "2024-01-01") | date "15:04" }}
{{ base "/a/b/c.txt" }} {{ dir "/a/b/c.txt" }} {{ ext "c.tar.gz" }} {{ clean "/a/../b/./c" }} {{ isAbs "/x" }} {{ osBase "a/b" }}
{{ getHostByName "localhost" | len }} {{ urlParse "https://u:p@h:8/p?q=1#f" | toJson }} {{ urlJoin (dict "scheme" "http" "host" "h" "path" "/p") }}
{{ encryptAES "key" "text" | decryptAES "key" }} {{ derivePassword 1 "long" "password" "user" "example.com" | len }}
