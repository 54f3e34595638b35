package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSniffAttachment(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		data string
		want string
		err  error
	}{
		{"png", string(pngBytes), "image/png", nil},
		{"jpeg", "\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg", nil},
		{"pdf", "%PDF-1.7\n%\xe2\xe3", "application/pdf", nil},
		{"zip", "PK\x03\x04\x14\x00\x00\x00", "application/zip", nil},
		{"empty zip", "PK\x05\x06" + strings.Repeat("\x00", 18), "application/zip", nil},
		{"text", "2026-12-02 ERROR disk full\n", "text/plain", nil},
		{"utf-8 text", "磁盘已满\n", "text/plain", nil},
		{"empty", "", "", ErrAttachmentEmpty},
		{"html", "<html><script>alert(1)</script>", "", ErrAttachmentType},
		{"exe", "MZ\x90\x00\x03", "", ErrAttachmentType},
		{"gif", "GIF89a\x01\x00", "", ErrAttachmentType},
		{"latin-1 text", "caf\xe9 ok", "", ErrAttachmentType},
		{"nul after 512 bytes", strings.Repeat("a", 600) + "\x00", "", ErrAttachmentType},
		// markup DetectContentType does not call HTML is text: kept under a .txt or .log name and
		// served as text/plain, as an attachment, with nosniff
		{"svg", `<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>`, "text/plain", nil},
	}
	for _, c := range cases {
		got, err := SniffAttachment([]byte(c.data))
		if got != c.want || !errors.Is(err, c.err) || (c.err == nil) != (err == nil) {
			t.Errorf("%s: %q, %v; want %q, %v", c.name, got, err, c.want, c.err)
		}
	}
}

func TestCheckUploadNames(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, want string
		ok         bool
	}{
		{"shot.png", "shot.png", true},
		{"SHOT.PNG", "SHOT.PNG", true},
		{`C:\Users\me\shot.png`, "shot.png", true},
		{"../../etc/shot.png", "shot.png", true},
		{"shot.txt", "", false},
		{"shot", "", false},
		{"shot\u202egnp.png", "", false},
		{strings.Repeat("a", 101) + ".png", "", false},
	}
	for _, c := range cases {
		got, _, err := checkUpload(Upload{Name: c.name, Data: pngBytes})
		if got != c.want || (err == nil) != c.ok {
			t.Errorf("%q: %q, %v", c.name, got, err)
		}
	}
}

// FuzzSniffAttachment: whatever the bytes, an accepted file is one of the kept types and its
// magic number or text says so; nothing panics.
func FuzzSniffAttachment(f *testing.F) {
	for _, s := range []string{string(pngBytes), "%PDF-1.4", "PK\x03\x04", "hello\n", "<html>", "\xff\xd8\xff", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ct, err := SniffAttachment(data)
		if err != nil {
			return
		}
		if _, ok := attachmentKinds[ct]; !ok {
			t.Fatalf("accepted as %q", ct)
		}
		if ct == "text/plain" && strings.ContainsRune(string(data), 0) {
			t.Fatal("text with NUL accepted")
		}
	})
}

// A file is stored under a random name with its size and hash, and read back only by those who
// may see its ticket; another tenant's attachment id is not found.
func TestAttachmentStoredAndGuarded(t *testing.T) {
	t.Parallel()
	db, fs := demoDB(t), testFiles(t)
	ctx := context.Background()
	in := ticketInput()
	in.Files = []Upload{{Name: "boot.log", Data: []byte("kernel panic\n")}}
	tk := mustTicket(t, db, fs, actor(t, db, "customer"), in)
	var att TicketAttachment
	if err := db.Where("ticket_id = ?", tk.ID).First(&att).Error; err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte("kernel panic\n"))
	if att.Size != 13 || att.SHA256 != hex.EncodeToString(sum[:]) || att.ContentType != "text/plain" || strings.Contains(att.StoredName, "boot") {
		t.Errorf("stored %+v", att)
	}
	if _, err := os.Stat(filepath.Join(fs.Dir, att.StoredName)); err != nil {
		t.Fatal(err)
	}
	for _, user := range []string{"customer", "provider", "operator"} {
		_, f, err := OpenAttachment(ctx, db, fs, actor(t, db, user), att.ID)
		if err != nil {
			t.Fatalf("%s: %v", user, err)
		}
		b, _ := io.ReadAll(f)
		f.Close()
		if string(b) != "kernel panic\n" {
			t.Errorf("%s read %q", user, b)
		}
	}
	for _, user := range []string{"reseller", "distributor"} {
		if _, _, err := OpenAttachment(ctx, db, fs, actor(t, db, user), att.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("%s opens another tenant's file: %v", user, err)
		}
	}
	up, err := UploadAttachment(ctx, db, fs, actor(t, db, "reseller"), Upload{Name: "x.txt", Data: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	in = ticketInput()
	in.AttachmentIDs = []uint64{up.ID}
	if _, err := CreateTicket(ctx, db, fs, actor(t, db, "customer"), in); !errors.Is(err, ErrNotFound) {
		t.Errorf("attaching another user's upload: %v", err)
	}
}

// A refused ticket leaves no file behind.
func TestRefusedTicketStoresNoFile(t *testing.T) {
	t.Parallel()
	db, fs := demoDB(t), testFiles(t)
	in := ticketInput()
	in.Files = []Upload{{Name: "a.png", Data: pngBytes}}
	in.AttachmentIDs = []uint64{999999}
	if _, err := CreateTicket(context.Background(), db, fs, actor(t, db, "customer"), in); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown upload id: %v", err)
	}
	if files, _ := os.ReadDir(fs.Dir); len(files) != 0 {
		t.Errorf("%d files left", len(files))
	}
}
