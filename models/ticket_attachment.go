package models

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Attachment limits.
const (
	MaxAttachments     = 5              // per message
	MaxAttachmentBytes = 5 << 20        // per file: a zip bomb is refused by this, never unpacked
	attachmentDirName  = "ticket-files" // under the data folder, which no route serves
)

// Errors of attachments.
var (
	ErrAttachmentType  = newError("CBC.0100", "err.attachment_type", "only png, jpg, pdf, txt, log and zip files, as their content shows, may be attached")
	ErrAttachmentSize  = newError("CBC.0100", "err.attachment_size", "a file may be at most 5 MB")
	ErrAttachmentEmpty = newError("CBC.0100", "err.attachment_empty", "the file is empty")
	ErrTooManyFiles    = newError("CBC.0100", "err.too_many_files", "at most 5 files per message")
)

// Upload is a file as a client sent it.
type Upload struct {
	Name string
	Data []byte
}

// attachmentKinds: the content types we keep, each with the extensions its name may have. The
// content decides the type; a name that says otherwise (a PDF called .png) is refused, so that a
// file is never stored under a name that misleads whoever downloads it.
var attachmentKinds = map[string][]string{
	"image/png":       {".png"},
	"image/jpeg":      {".jpg", ".jpeg"},
	"application/pdf": {".pdf"},
	"application/zip": {".zip"},
	"text/plain":      {".txt", ".log"},
}

// SniffAttachment is the content type of a file we accept, or ErrAttachmentType: the magic
// numbers of png, jpeg, pdf and zip, and for text what net/http.DetectContentType calls plain
// text, when it is also valid UTF-8 without NUL (DetectContentType reads only 512 bytes).
func SniffAttachment(data []byte) (string, error) {
	switch {
	case len(data) == 0:
		return "", ErrAttachmentEmpty
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png", nil
	case bytes.HasPrefix(data, []byte{0xff, 0xd8, 0xff}):
		return "image/jpeg", nil
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "application/pdf", nil
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return "application/zip", nil
	}
	if strings.HasPrefix(http.DetectContentType(data), "text/plain") && utf8.Valid(data) && bytes.IndexByte(data, 0) < 0 {
		return "text/plain", nil
	}
	return "", ErrAttachmentType
}

// fileNameRule: an attachment's name as shown and offered on download.
var fileNameRule = TextRule{Field: "file", Max: 100, Name: true}

// checkUpload checks one file: size, content, and a name whose extension fits the content. It
// returns the cleaned base name and the content type.
func checkUpload(u Upload) (string, string, error) {
	if len(u.Data) > MaxAttachmentBytes {
		return "", "", &FieldError{Field: "file", Err: ErrAttachmentSize}
	}
	ct, err := SniffAttachment(u.Data)
	if err != nil {
		return "", "", &FieldError{Field: "file", Err: err.(*Error)}
	}
	name := u.Name
	if i := strings.LastIndexAny(name, `/\`); i >= 0 { // browsers of old sent a full path
		name = name[i+1:]
	}
	name, err = fileNameRule.Clean(name)
	if err != nil {
		return "", "", err
	}
	ext := strings.ToLower(filepath.Ext(name))
	for _, e := range attachmentKinds[ct] {
		if e == ext {
			return name, ct, nil
		}
	}
	return "", "", &FieldError{Field: "file", Err: ErrAttachmentType}
}

// CheckUploads checks the files of one message, all of them before any is stored.
func CheckUploads(files []Upload) error {
	if len(files) > MaxAttachments {
		return &FieldError{Field: "file", Err: ErrTooManyFiles}
	}
	for _, f := range files {
		if _, _, err := checkUpload(f); err != nil {
			return err
		}
	}
	return nil
}

// FileStore keeps attachments' bytes under a folder of the data directory, each under a random
// name: nothing a client sends becomes part of a path.
type FileStore struct{ Dir string }

// NewFileStore is the store under the data folder.
func NewFileStore(dataDir string) FileStore {
	return FileStore{Dir: filepath.Join(dataDir, attachmentDirName)}
}

// save writes a checked file and returns its attachment row, not yet inserted.
func (s FileStore) save(u Upload, uploader uint64) (*TicketAttachment, error) {
	name, ct, err := checkUpload(u)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return nil, err
	}
	stored := randomHex(16)
	f, err := os.OpenFile(filepath.Join(s.Dir, stored), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	_, werr := f.Write(u.Data)
	if err := errors.Join(werr, f.Sync(), f.Close()); err != nil {
		os.Remove(f.Name())
		return nil, err
	}
	sum := sha256.Sum256(u.Data)
	return &TicketAttachment{UploaderID: uploader, FileName: name, ContentType: ct, Size: int64(len(u.Data)),
		SHA256: hex.EncodeToString(sum[:]), StoredName: stored}, nil
}

// saveAll writes every file, or none: on an error the ones written are removed.
func (s FileStore) saveAll(files []Upload, uploader uint64) ([]*TicketAttachment, error) {
	if err := CheckUploads(files); err != nil {
		return nil, err
	}
	var out []*TicketAttachment
	for _, u := range files {
		att, err := s.save(u, uploader)
		if err != nil {
			s.remove(out)
			return nil, err
		}
		out = append(out, att)
	}
	return out, nil
}

// remove deletes the files of rows that were not committed.
func (s FileStore) remove(atts []*TicketAttachment) {
	for _, a := range atts {
		os.Remove(filepath.Join(s.Dir, a.StoredName))
	}
}

// Open opens an attachment's bytes; the caller checked who may read it (OpenAttachment).
func (s FileStore) open(a *TicketAttachment) (*os.File, error) {
	return os.Open(filepath.Join(s.Dir, a.StoredName))
}
