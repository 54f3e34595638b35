// Package delivery sends the messages the outbox holds (models/outbox.go): invitations by email
// and SMS. The models queue a message with its invitation; a Deliverer in `serve` claims what is
// due, composes the text from the invitation as it is then, hands it to the channel's Sender and
// records the outcome. models knows nothing of SMTP or HTTP; this package holds no business rule
// beyond the wording.
package delivery

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"partnerhub/models"
	"partnerhub/views"
)

// Message is one text to one recipient: an email address or an E.164 mobile number.
type Message struct {
	To      string
	Subject string // email only
	Text    string
}

// Sender delivers messages on one channel. An error means the message was not accepted and is
// retried; its text is stored, so it must hold no secret.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SendTimeout bounds one attempt, well inside models.DeliveryLease.
const SendTimeout = 30 * time.Second

// Deliverer delivers the due messages of the channels it has a Sender for; the others' stay
// pending, and the console says they are not configured.
type Deliverer struct {
	DB      *gorm.DB
	Senders map[string]Sender // by models.Channel*
	BaseURL string            // the console's public URL, for the links
	Log     *slog.Logger
	Now     func() time.Time
}

// Channels are the channels with a sender, sorted.
func (d *Deliverer) Channels() []string {
	var out []string
	for ch, s := range d.Senders {
		if s != nil {
			out = append(out, ch)
		}
	}
	slices.Sort(out)
	return out
}

func (d *Deliverer) now() time.Time {
	if d.Now != nil {
		return d.Now().UTC()
	}
	return time.Now().UTC()
}

// batch is how many due messages one round looks at.
const batch = 50

// DeliverDue makes one round: every due message it can claim is sent (or found obsolete), and its
// outcome recorded. It returns how many went out. A message already on its way when ctx ends is
// finished and recorded, so that a shutdown neither cuts a send short nor loses its outcome.
func (d *Deliverer) DeliverDue(ctx context.Context) (int, error) {
	ids, err := models.DueMessages(ctx, d.DB, d.Channels(), d.now(), batch)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, id := range ids {
		if ctx.Err() != nil {
			break
		}
		ok, err := d.deliver(context.WithoutCancel(ctx), id)
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

// deliver claims one message and, if it is still to be sent, sends it and records the outcome.
func (d *Deliverer) deliver(ctx context.Context, id uint64) (bool, error) {
	im, err := models.ClaimMessage(ctx, d.DB, id, d.now())
	if err != nil || im == nil {
		return false, err
	}
	s := d.Senders[im.Message.Channel]
	sctx, cancel := context.WithTimeout(ctx, SendTimeout)
	sendErr := s.Send(sctx, Compose(im, d.BaseURL))
	cancel()
	if sendErr != nil && d.Log != nil {
		d.Log.Warn("invitation delivery failed", "message_id", id, "channel", im.Message.Channel, "attempt", im.Message.Attempts+1, "err", sendErr)
	}
	return sendErr == nil, models.RecordDelivery(ctx, d.DB, id, sendErr, d.now())
}

// Run delivers at start and then every interval, until ctx ends.
func (d *Deliverer) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		n, err := d.DeliverDue(ctx)
		switch {
		case err != nil && ctx.Err() == nil && d.Log != nil:
			d.Log.Error("invitation delivery", "err", err)
		case n > 0 && d.Log != nil:
			d.Log.Info("invitation delivery", "sent", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Compose writes the message of an invitation in both languages, Chinese first: who invites, to
// which partner, the link and until when it is valid. The invitee's language is not known.
func Compose(im *models.InvitationMessage, baseURL string) Message {
	link := strings.TrimSuffix(baseURL, "/")
	if im.Ticket != nil {
		return composeTicket(im, link)
	}
	var subject, text [2]string
	for i, lang := range views.Langs {
		expiry := views.T(lang, "delivery.expiry", views.DateTime(im.ExpiresAt))
		if im.Message.Kind == models.MessageResellerInvitation {
			company := im.CompanyName
			if company == "" {
				company = views.T(lang, "delivery.reseller.you")
			}
			subject[i] = views.T(lang, "delivery.reseller.subject", im.PartnerName)
			text[i] = views.T(lang, "delivery.reseller.text", im.InviterName, im.PartnerName, link+"/join/resellers/"+im.Token, expiry, company)
		} else {
			subject[i] = views.T(lang, "delivery.member.subject", im.PartnerName)
			text[i] = views.T(lang, "delivery.member.text", im.InviterName, im.PartnerName, link+"/join/members/"+im.Token, expiry)
		}
	}
	m := Message{To: im.Message.Recipient, Subject: subject[0] + " / " + subject[1]}
	if im.Message.Channel == models.ChannelSMS {
		m.Text = text[0] + "\n" + text[1]
	} else {
		m.Text = text[0] + "\n\n" + views.T(views.ZH, "delivery.ignore") + "\n\n----\n\n" + text[1] + "\n\n" + views.T(views.EN, "delivery.ignore") + "\n"
	}
	return m
}
