package models

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// A previewed price-list file is kept on the server until its preview is applied, so that applying
// a whole list (100,000 rows are several megabytes) does not send the file a second time, nor put
// it in the preview page as a hidden field. The page carries only a token: a random name and the
// file's SHA-256, so the file applied is byte for byte the one previewed (a file changed or cut
// on disk since is refused, never applied in part).

// ErrPriceStash refuses a token that names no kept file of this operator, or whose file changed:
// the preview is to be made again.
var ErrPriceStash = newError("CBC.0100", "err.price_stash", "the previewed file is no longer kept: preview it again")

// priceStashAge is how long a previewed file is kept unapplied.
const priceStashAge = 24 * time.Hour

// PriceStash keeps previewed price-list files in a folder of the data directory, each file named
// by its operator and a random name.
type PriceStash struct{ Dir string }

// PriceStashBeside is the stash in the data folder that holds the file store's folder.
func PriceStashBeside(fs FileStore) PriceStash {
	return PriceStash{Dir: filepath.Join(filepath.Dir(fs.Dir), "price-imports")}
}

// PriceToken names a kept file: its random name and its content's hash.
type PriceToken struct {
	Name string // 32 hex digits
	Hash string // 64 hex digits, the SHA-256 of the file
}

// String is the token as the page posts it back.
func (t PriceToken) String() string { return t.Name + "." + t.Hash }

// ParsePriceToken reads a posted token: 32 lower-case hex digits, a dot, 64 lower-case hex digits.
func ParsePriceToken(s string) (PriceToken, error) {
	name, hash, ok := strings.Cut(s, ".")
	if !ok || !lowerHex(name, 32) || !lowerHex(hash, 64) {
		return PriceToken{}, ErrPriceStash
	}
	return PriceToken{Name: name, Hash: hash}, nil
}

func lowerHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// Keep writes a previewed file for the operator and returns its token; files left unapplied for a
// day are removed on the way.
func (s PriceStash) Keep(a Actor, raw []byte, now time.Time) (PriceToken, error) {
	if a.Kind != OperatorUser {
		return PriceToken{}, ErrForbidden
	}
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return PriceToken{}, err
	}
	s.sweep(now)
	sum := sha256.Sum256(raw)
	t := PriceToken{Name: randomHex(16), Hash: hex.EncodeToString(sum[:])}
	f, err := os.OpenFile(s.path(a, t), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return PriceToken{}, err
	}
	_, werr := f.Write(raw)
	if err := errors.Join(werr, f.Close()); err != nil {
		os.Remove(f.Name())
		return PriceToken{}, err
	}
	return t, nil
}

// Take reads the operator's kept file, refusing one that is gone, another operator's or changed.
func (s PriceStash) Take(a Actor, t PriceToken) ([]byte, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	raw, err := os.ReadFile(s.path(a, t))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrPriceStash
	}
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(raw)
	if subtle.ConstantTimeCompare([]byte(hex.EncodeToString(sum[:])), []byte(t.Hash)) != 1 {
		return nil, ErrPriceStash
	}
	return raw, nil
}

// Drop removes a kept file once applied.
func (s PriceStash) Drop(a Actor, t PriceToken) { os.Remove(s.path(a, t)) }

func (s PriceStash) path(a Actor, t PriceToken) string {
	return filepath.Join(s.Dir, strconv.FormatUint(a.UserID, 10)+"-"+t.Name+".csv")
}

// sweep removes the files kept longer than a day: a preview never applied leaves no file behind.
func (s PriceStash) sweep(now time.Time) {
	entries, _ := os.ReadDir(s.Dir)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > priceStashAge {
			os.Remove(filepath.Join(s.Dir, e.Name()))
		}
	}
}
