package main

import (
	"io"
	"strings"
	"testing"
)

// The invitation senders' flags and their environment fallbacks: what each builds, and a clear
// error, never repeating a password or a key, for what is malformed.
func TestParseServeDelivery(t *testing.T) {
	for _, tc := range []struct {
		name     string
		args     []string
		env      map[string]string
		smtpAddr string // "" for no email sender
		user     string
		from     string
		sms      string // "" for no SMS sender
		err      string // a part of the error
	}{
		{name: "nothing configured"},
		{name: "smtp with port", args: []string{"--smtp-url", "smtp://mailer:s3cret@mail.example.com:2525", "--mail-from", "PartnerHub <noreply@example.com>"},
			smtpAddr: "mail.example.com:2525", user: "mailer", from: "noreply@example.com"},
		{name: "smtp default port, no auth", args: []string{"--smtp-url", "smtp://mail.example.com", "--mail-from", "noreply@example.com"},
			smtpAddr: "mail.example.com:587", from: "noreply@example.com"},
		{name: "escaped user", args: []string{"--smtp-url", "smtp://me%40example.com:p%40ss@[::1]:25", "--mail-from", "noreply@example.com"},
			smtpAddr: "[::1]:25", user: "me@example.com", from: "noreply@example.com"},
		{name: "from the environment", env: map[string]string{"PARTNERHUB_SMTP_URL": "smtp://mailer:s3cret@mail.example.com:465",
			"PARTNERHUB_MAIL_FROM": "noreply@example.com", "PARTNERHUB_SMS_WEBHOOK": "https://sms.example.com/send?key=k3y"},
			smtpAddr: "mail.example.com:465", user: "mailer", from: "noreply@example.com", sms: "https://sms.example.com/send?key=k3y"},
		{name: "flags over the environment", args: []string{"--sms-webhook", "http://127.0.0.1:9000/sms"},
			env: map[string]string{"PARTNERHUB_SMS_WEBHOOK": "https://sms.example.com/send"}, sms: "http://127.0.0.1:9000/sms"},
		{name: "not smtp", args: []string{"--smtp-url", "https://mailer:s3cret@mail.example.com", "--mail-from", "a@example.com"}, err: "--smtp-url: not of the form"},
		{name: "malformed", args: []string{"--smtp-url", "smtp://mailer:s3cret@mail example.com:25", "--mail-from", "a@example.com"}, err: "--smtp-url: not of the form"},
		{name: "bad port", args: []string{"--smtp-url", "smtp://mailer:s3cret@mail.example.com:99999", "--mail-from", "a@example.com"}, err: "--smtp-url"},
		{name: "a path", args: []string{"--smtp-url", "smtp://mailer:s3cret@mail.example.com/x", "--mail-from", "a@example.com"}, err: "--smtp-url"},
		{name: "no host", args: []string{"--smtp-url", "smtp://mailer:s3cret@:25", "--mail-from", "a@example.com"}, err: "--smtp-url"},
		{name: "user without password", args: []string{"--smtp-url", "smtp://mailer@mail.example.com", "--mail-from", "a@example.com"}, err: "needs a password"},
		{name: "no mail-from", args: []string{"--smtp-url", "smtp://mailer:s3cret@mail.example.com"}, err: "--mail-from"},
		{name: "bad mail-from", args: []string{"--smtp-url", "smtp://mailer:s3cret@mail.example.com", "--mail-from", "nobody"}, err: "--mail-from"},
		{name: "mail-from alone", args: []string{"--mail-from", "a@example.com"}, err: "--mail-from needs --smtp-url"},
		{name: "webhook not http", args: []string{"--sms-webhook", "ftp://sms.example.com/?key=k3y"}, err: "--sms-webhook is not an http(s) URL"},
		{name: "webhook no host", args: []string{"--sms-webhook", "https:///send?key=k3y"}, err: "--sms-webhook"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := parseServe(tc.args, env(tc.env), io.Discard)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one saying %q", err, tc.err)
				}
				if strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "k3y") {
					t.Errorf("the error repeats a secret: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tc.smtpAddr == "" && c.SMTP != nil:
				t.Errorf("an email sender %+v", c.SMTP.Addr)
			case tc.smtpAddr != "" && (c.SMTP == nil || c.SMTP.Addr != tc.smtpAddr || c.SMTP.Username != tc.user || c.SMTP.From.Address != tc.from):
				t.Errorf("email sender %+v", c.SMTP)
			case tc.user != "" && c.SMTP.Password == "":
				t.Error("no password")
			}
			if (tc.sms == "") != (c.SMS == nil) || c.SMS != nil && c.SMS.URL != tc.sms {
				t.Errorf("SMS sender %+v, want %q", c.SMS, tc.sms)
			}
			if got, want := len(c.senders()), btoi(tc.smtpAddr != "")+btoi(tc.sms != ""); got != want {
				t.Errorf("%d senders, want %d", got, want)
			}
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// -h shows no secret taken from the environment as a flag's default.
func TestServeHelpHidesSecrets(t *testing.T) {
	var out strings.Builder
	parseServe([]string{"-h"}, env(map[string]string{"PARTNERHUB_SMTP_URL": "smtp://mailer:s3cret@mail.example.com",
		"PARTNERHUB_SMS_WEBHOOK": "https://sms.example.com/?key=k3y"}), &out)
	if strings.Contains(out.String(), "s3cret") || strings.Contains(out.String(), "k3y") || !strings.Contains(out.String(), "smtp-url") {
		t.Errorf("help:\n%s", out.String())
	}
}
