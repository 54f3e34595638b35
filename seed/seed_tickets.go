package seed

import (
	"context"
	"time"

	"partnerhub/models"
)

// The demo world's tickets: one in every status, with conversations, opened by `customer`, by
// `provider` (its own and on behalf of `customer`) and by `reseller` (which `distributor` reads).
// They go through the same use cases as the console; their times are then set from the seed's
// clock, so the world is the same at every seeding. They carry no file (the seed has no data
// folder), and their notifications are withdrawn: the demo's people are made up.

// seedStep is one action on a demo ticket: who (a demo sign-in) does what, with which text.
type seedStep struct {
	user, action, text string
}

type seedTicket struct {
	by       string
	onBehalf bool // provider, for `customer`
	in       models.TicketInput
	steps    []seedStep
}

var demoTickets = []seedTicket{
	{by: "customer", in: models.TicketInput{Category: "ecs", ProblemType: "fault", Region: "cn-north-4", Severity: models.SeverityMajor,
		Title: "云服务器无法通过 SSH 远程登录", Description: "1. 今天 9:30 起无法 SSH 登录，提示 Connection timed out。\n2. 实例 ecs-web-01。\n3. 已检查安全组放通 22 端口。"}},
	{by: "customer", in: models.TicketInput{Category: "rds", ProblemType: "fault", Region: "cn-east-3", Severity: models.SeverityMajor,
		Title: "RDS 实例 CPU 持续 100%", Description: "1. 昨晚 22:00 起 CPU 持续满载。\n2. rds-order-db。\n3. 已重启一次，无改善。"},
		steps: []seedStep{{"operator", "accept", ""}, {"operator", "request_info", "请提供慢查询日志（最近 2 小时）以及业务高峰时段。"},
			{"customer", "message", "慢查询日志已导出，高峰为 20:00–23:00。"}, {"customer", "urge", ""}}},
	{by: "customer", in: models.TicketInput{Category: "billing", ProblemType: "billing", Severity: models.SeverityMinor,
		Title: "11 月账单中 OBS 流量费用疑问", Description: "1. 2026 年 11 月账单。\n2. OBS 外网流出流量费用比上月高 3 倍。"},
		steps: []seedStep{{"operator", "accept", ""}, {"operator", "resolve", "经核查，11 月 18 日有大量外网下载，费用计算无误，明细见账单详情页。"}}},
	{by: "customer", in: models.TicketInput{Category: "vpc", ProblemType: "consult", Region: "cn-south-1", Severity: models.SeverityMinor,
		Title: "如何配置 VPC 对等连接", Description: "1. 需要打通两个 VPC。\n2. 华南-广州。"},
		steps: []seedStep{{"operator", "accept", ""}, {"operator", "resolve", "请参考对等连接文档，在两个 VPC 的路由表中各添加一条指向对端网段的路由。"},
			{"customer", "confirm", ""}, {"customer", "rate", ""}}},
	{by: "customer", in: models.TicketInput{Category: "evs", ProblemType: "quota", Region: "cn-north-4", Severity: models.SeverityMinor,
		Title: "申请提高云硬盘配额", Description: "1. 华北-北京四 EVS 容量配额。\n2. 需要 50 TB，用于日志归档。"},
		steps: []seedStep{{"customer", "cancel", ""}}},
	{by: "provider", in: models.TicketInput{Category: "ecs", ProblemType: "fault", Region: "cn-east-3", Severity: models.SeverityBlocker,
		Title: "多个客户的 ECS 实例批量宕机", Description: "1. 14:05 起华东-上海一多台实例不可用。\n2. 涉及 12 个客户。\n3. 控制台显示实例运行中，但网络不通。"},
		steps: []seedStep{{"operator", "accept", ""}, {"operator", "message", "已定位为可用区 2 的交换机故障，正在切换，预计 30 分钟内恢复。"}}},
	{by: "provider", onBehalf: true, in: models.TicketInput{Category: "account", ProblemType: "consult", Severity: models.SeverityMinor,
		Title: "客户实名认证信息变更", Description: "1. 客户企业名称变更，需要更新实名认证。"},
		steps: []seedStep{{"operator", "accept", ""}}},
	{by: "reseller", in: models.TicketInput{Category: "obs", ProblemType: "consult", Region: "ap-southeast-1", Severity: models.SeverityMinor,
		Title: "OBS 跨区域复制如何计费", Description: "1. 香港到北京四的跨区域复制。\n2. 想了解流量计费方式。"}},
}

func (w *demoWorld) tickets() error {
	ctx := context.Background()
	fs := models.FileStore{}
	for i, st := range demoTickets {
		in := st.in
		in.ContactEmail = st.by + "@example.com"
		if st.onBehalf {
			c, err := w.actor("customer")
			if err != nil {
				return err
			}
			in.CustomerID = c.CustomerID
		}
		a, err := w.actor(st.by)
		if err != nil {
			return err
		}
		t, err := models.CreateTicket(ctx, w.db, fs, a, in)
		if err != nil {
			return err
		}
		for _, s := range st.steps {
			if err := w.ticketStep(ctx, t.ID, s); err != nil {
				return err
			}
		}
		if err := w.retimeTicket(t.ID, w.now.Add(-time.Duration(len(demoTickets)-i)*20*time.Hour)); err != nil {
			return err
		}
	}
	return w.db.Model(&models.OutboundMessage{}).Where("kind = ?", models.MessageTicket).Update("status", models.MessageObsolete).Error
}

func (w *demoWorld) ticketStep(ctx context.Context, id uint64, s seedStep) error {
	a, err := w.actor(s.user)
	if err != nil {
		return err
	}
	fs := models.FileStore{}
	switch s.action {
	case "accept":
		_, err = models.AcceptTicket(ctx, w.db, a, id)
	case "request_info":
		_, err = models.RequestTicketInfo(ctx, w.db, fs, a, id, s.text)
	case "message":
		_, err = models.AddTicketMessage(ctx, w.db, fs, a, id, s.text, nil)
	case "resolve":
		_, err = models.ResolveTicket(ctx, w.db, fs, a, id, s.text)
	case "urge":
		_, err = models.UrgeTicket(ctx, w.db, a, id)
	case "confirm":
		_, err = models.ConfirmTicket(ctx, w.db, a, id)
	case "cancel":
		_, err = models.CancelTicket(ctx, w.db, a, id)
	case "rate":
		_, err = models.RateTicket(ctx, w.db, a, id, models.RatingInput{Speed: 5, Quality: 4, Attitude: 5, Comment: "响应很快，问题已解决。"})
	}
	return err
}

// retimeTicket puts a demo ticket's history at start and every 40 minutes after, its messages
// with the actions that wrote them, and renumbers it for its day.
func (w *demoWorld) retimeTicket(id uint64, start time.Time) error {
	var events []models.TicketEvent
	var msgs []models.TicketMessage
	if err := firstErr(w.db.Where("ticket_id = ?", id).Order("id").Find(&events).Error,
		w.db.Where("ticket_id = ?", id).Order("id").Find(&msgs).Error); err != nil {
		return err
	}
	at := func(i int) time.Time { return start.Add(time.Duration(i) * 40 * time.Minute) }
	set := map[string]any{"created_at": start, "number": models.TicketNumber(id, start)}
	stamp := map[string]string{"accept": "accepted_at", "resolve": "resolved_at", "confirm": "closed_at", "cancel": "closed_at", "urge": "last_urged_at"}
	m := 0
	for i, e := range events {
		if err := w.db.Model(&models.TicketEvent{}).Where("id = ?", e.ID).Update("at", at(i)).Error; err != nil {
			return err
		}
		if col, ok := stamp[e.Action]; ok {
			set[col] = at(i)
		}
		set["updated_at"] = at(i)
		if writesMessage(e.Action) && m < len(msgs) {
			if err := w.db.Model(&models.TicketMessage{}).Where("id = ?", msgs[m].ID).Update("created_at", at(i)).Error; err != nil {
				return err
			}
			m++
		}
	}
	return w.db.Model(&models.Ticket{}).Where("id = ?", id).Updates(set).Error
}

func writesMessage(action string) bool {
	switch action {
	case "create", "message", "request_info", "resolve":
		return true
	}
	return false
}

// firstErr is the first non-nil of errs.
func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
