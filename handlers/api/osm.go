package api

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"partnerhub/models"
)

// The OSM v2 work orders API: a partner's tickets (its own), through the same use cases as the
// console. case_id and incident_id are the ticket's number.

// osmStatus is a ticket status as OSM numbers it.
var osmStatus = map[string]int32{models.TicketPending: 0, models.TicketProcessing: 1, models.TicketResolved: 2,
	models.TicketClosed: 3, models.TicketCancelled: 4}

// maxAccessoryBody: a 5 MB file in base64 and its JSON.
const maxAccessoryBody = models.MaxAttachmentBytes*4/3 + 64<<10

type emptyResp struct{}

func osmOp(name, method, path, en, zh string, roles []models.Role, req, resp any, run func(*server, echo.Context, []byte) error) Operation {
	return Operation{Name: name, Method: method, Path: path, Summary: en, SummaryZH: zh, Roles: roles, Request: req, Response: resp,
		run: run}
}

var osmOperations = []Operation{
	osmOp("CreateCases", "POST", "/v2/servicerequest/cases", "Open a work order (工单) of the partner's own.", "提交伙伴自己的工单。",
		writeRoles, createCasesReq{}, createCasesResp{}, (*server).createCases),
	osmOp("ListCases", "GET", "/v2/servicerequest/cases", "List the work orders the partner may see.", "查询伙伴可见的工单列表。",
		readRoles, listCasesReq{}, listCasesResp{}, (*server).listCases),
	osmOp("ListCaseCounts", "GET", "/v2/servicerequest/cases/count", "Count the work orders by status.", "按状态统计工单数量。",
		readRoles, caseCountsReq{}, caseCountsResp{}, (*server).listCaseCounts),
	osmOp("ShowCaseDetail", "GET", "/v2/servicerequest/cases/:case_id", "A work order with its conversation.", "查询工单详情及沟通记录。",
		readRoles, caseDetailReq{}, caseDetailResp{}, (*server).showCaseDetail),
	osmOp("UpdateCases", "POST", "/v2/servicerequest/cases/:case_id/action", "Urge, cancel, close, reopen or confirm a work order (action_id).",
		"催单、撤销、关闭、重新打开或确认工单（action_id）。", writeRoles, updateCasesReq{}, emptyResp{}, (*server).updateCases),
	osmOp("CreateMessages", "POST", "/v2/servicerequest/cases/:case_id/message", "Add a message to a work order.", "工单留言。",
		writeRoles, createMessagesReq{}, emptyResp{}, (*server).createMessages),
	osmOp("ListMessages", "GET", "/v2/servicerequest/cases/:case_id/messages", "A work order's messages, oldest first.", "查询工单留言。",
		readRoles, pagingReq{}, listMessagesResp{}, (*server).listMessages),
	osmOp("CreateScores", "POST", "/v2/servicerequest/cases/:case_id/score", "Rate a resolved or closed work order.", "评价已解决或已关闭的工单。",
		writeRoles, createScoresReq{}, emptyResp{}, (*server).createScores),
	osmOp("ListCaseOperateLogs", "GET", "/v2/servicerequest/cases/:case_id/operate-logs", "A work order's history.", "查询工单操作日志。",
		readRoles, pagingReq{}, listOperateLogsResp{}, (*server).listOperateLogs),
	osmOp("ListProductCategories", "GET", "/v2/servicerequest/config/product-categories", "The product categories.", "查询产品类别。",
		readRoles, productCategoriesReq{}, productCategoriesResp{}, (*server).listProductCategories),
	osmOp("ListProblemTypes", "GET", "/v2/servicerequest/config/problems", "The problem types (business types).", "查询问题类型。",
		readRoles, problemTypesReq{}, problemTypesResp{}, (*server).listProblemTypes),
	osmOp("ListSeverities", "GET", "/v2/servicerequest/config/severities", "The severities.", "查询严重程度。",
		readRoles, severitiesReq{}, severitiesResp{}, (*server).listSeverities),
	osmOp("ListRegions", "GET", "/v2/servicerequest/config/regions", "The regions.", "查询区域。",
		readRoles, regionsReq{}, regionsResp{}, (*server).listRegions),
	osmOp("ListCaseTemplates", "GET", "/v2/servicerequest/config/templates", "A problem type's description template.", "查询问题类型的描述模板。",
		readRoles, templatesReq{}, templatesResp{}, (*server).listCaseTemplates),
	func() Operation {
		op := osmOp("UploadJsonAccessories", "POST", "/v2/servicerequest/accessorys/json-format-content",
			"Upload a file (base64) to attach to a new work order or message by its accessory_id.",
			"上传附件（base64），创建工单或留言时以 accessory_id 引用。", writeRoles, uploadAccessoryReq{}, uploadAccessoryResp{}, (*server).uploadAccessory)
		op.MaxBody = maxAccessoryBody
		return op
	}(),
}

func (s *server) createCases(c echo.Context, body []byte) error {
	var req createCasesReq
	if err := decode(body, &req); err != nil {
		return err
	}
	if req.BusinessTypeID == "" || req.SimpleDescription == "" || req.SourceID == "" {
		return errBadRequest("business_type_id, simple_description and source_id are required")
	}
	ids, err := accessoryIDs(req.AccessoryIDs)
	if err != nil {
		return err
	}
	sev, _ := strconv.Atoi(req.SeverityID)
	if req.SeverityID == "" {
		sev = models.SeverityMinor
	}
	desc, _ := req.ExtendsMap["description"].(string)
	if desc == "" {
		desc = req.SimpleDescription
	}
	in := models.TicketInput{Category: req.ProductCategoryID, ProblemType: req.BusinessTypeID, Region: req.RegionID, Severity: sev,
		Title: req.SimpleDescription, Description: desc, ContactMobile: req.RemindMobile, ContactEmail: req.RemindMail, AttachmentIDs: ids}
	t, err := models.CreateTicket(ctxOf(c), s.DB, s.Files, actor(c), in)
	if err != nil {
		return firstField(err)
	}
	return ok(c, createCasesResp{IncidentID: t.Number})
}

// firstField answers the first of several refused fields (the API names one, as the cloud does).
func firstField(err error) error {
	if fes, isFE := err.(models.FieldErrors); isFE && len(fes) > 0 {
		return fes[0]
	}
	return err
}

func accessoryIDs(in []string) ([]uint64, error) {
	out := make([]uint64, 0, len(in))
	for _, s := range in {
		id, err := strconv.ParseUint(s, 10, 63)
		if err != nil || id == 0 {
			return nil, errBadRequest("accessory_ids: not an accessory id: " + strconv.Quote(s))
		}
		out = append(out, id)
	}
	return out, nil
}

func (s *server) listCases(c echo.Context, _ []byte) error {
	var req listCasesReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	offset, limit, err := paging(req.Offset, req.Limit)
	if err != nil {
		return err
	}
	f := models.TicketFilter{Offset: offset, Limit: limit}
	if req.Status != nil {
		if f.Status = statusOfOSM(*req.Status); f.Status == "" {
			return errBadRequest("status must be 0 to 4")
		}
	}
	if req.IncidentID != "" {
		f.Search = req.IncidentID
	} else if len(req.SearchKey) > 0 {
		f.Search = req.SearchKey[0]
	}
	list, err := models.ListTickets(ctxOf(c), s.DB, actor(c), f)
	if err != nil {
		return err
	}
	accounts, err := models.TicketAccounts(ctxOf(c), s.DB, list.Tickets)
	if err != nil {
		return err
	}
	resp := listCasesResp{TotalCount: int32(list.Total), IncidentInfoList: []incidentInfo{}}
	for _, t := range list.Tickets {
		resp.IncidentInfoList = append(resp.IncidentInfoList, incidentOf(t, accounts[t.ID]))
	}
	return ok(c, resp)
}

func statusOfOSM(n int32) string {
	for s, v := range osmStatus {
		if v == n {
			return s
		}
	}
	return ""
}

func incidentOf(t models.Ticket, account string) incidentInfo {
	return incidentInfo{Status: osmStatus[t.Status], IncidentID: t.Number, BusinessTypeName: optionEN(models.TicketProblemTypes, t.ProblemType),
		IncidentTypeName: optionEN(models.TicketProblemTypes, t.ProblemType), ProductCategoryName: optionEN(models.TicketCategories, t.Category),
		CustomerID: account, DcName: optionEN(models.TicketRegions, t.Region), SimpleDescription: t.Title, CreateTime: apiTime(t.CreatedAt)}
}

func optionEN(list []models.TicketOption, id string) string {
	for _, o := range list {
		if o.ID == id {
			return o.EN
		}
	}
	return ""
}

func apiTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func (s *server) listCaseCounts(c echo.Context, _ []byte) error {
	var req caseCountsReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	list, err := models.ListTickets(ctxOf(c), s.DB, actor(c), models.TicketFilter{Limit: 1})
	if err != nil {
		return err
	}
	resp := caseCountsResp{IncidentStatusCounts: []statusCount{}}
	for _, st := range models.TicketStatuses {
		if req.Status == nil || *req.Status == osmStatus[st] {
			resp.IncidentStatusCounts = append(resp.IncidentStatusCounts, statusCount{Status: osmStatus[st], Count: int32(list.Counts[st])})
		}
	}
	return ok(c, resp)
}

// ticketOf reads the ticket of the path's case_id that the caller may see.
func (s *server) ticketOf(c echo.Context) (*models.TicketDetail, error) {
	id, err := models.TicketIDByNumber(ctxOf(c), s.DB, c.Param("case_id"))
	if err != nil {
		return nil, err
	}
	return models.GetTicket(ctxOf(c), s.DB, actor(c), id)
}

func (s *server) showCaseDetail(c echo.Context, _ []byte) error {
	d, err := s.ticketOf(c)
	if err != nil {
		return err
	}
	accounts, err := models.TicketAccounts(ctxOf(c), s.DB, []models.Ticket{d.Ticket})
	if err != nil {
		return err
	}
	info := incidentOf(d.Ticket, accounts[d.Ticket.ID])
	detail := incidentDetail{Status: info.Status, IncidentID: info.IncidentID, BusinessTypeName: info.BusinessTypeName,
		IncidentTypeName: info.IncidentTypeName, CustomerID: info.CustomerID, DcName: info.DcName, SimpleDescription: d.Ticket.Title,
		SourceName: "PartnerHub", CreateTime: info.CreateTime, SeverityName: severityEN(d.Ticket.Severity),
		MessageList: []incidentMessage{}, IncidentSatisfaction: []satisfaction{}}
	for i, m := range d.Messages {
		mi := messageOf(d, i)
		detail.MessageList = append(detail.MessageList, incidentMessage{Type: mi.Type, Replier: mi.Replier, Content: mi.Content,
			MessageID: strconv.FormatUint(m.ID, 10), ReplierName: mi.ReplierName, CreateTime: mi.CreateTime,
			IsFirstMessage: mi.IsFirstMessage, AccessoryList: mi.AccessoryList})
	}
	if r := d.Rating; r != nil {
		detail.Judgement = r.Comment
		detail.IncidentSatisfaction = []satisfaction{{1, int32(r.Speed), "speed"}, {2, int32(r.Quality), "quality"}, {3, int32(r.Attitude), "attitude"}}
	}
	return ok(c, caseDetailResp{IncidentDetailInfo: detail})
}

func severityEN(n int) string {
	if n < 1 || n > len(models.TicketSeverities) {
		return ""
	}
	return models.TicketSeverities[n-1].EN
}

// messageOf is the i-th message of a ticket as OSM shows it.
func messageOf(d *models.TicketDetail, i int) messageInfo {
	m := d.Messages[i]
	var side int32
	if m.Side == models.SideSupport {
		side = 1
	}
	mi := messageInfo{Type: side, ReplierType: side, Replier: strconv.FormatUint(m.AuthorID, 10), Content: m.Body,
		CreateTime: apiTime(m.CreatedAt), ReplierName: d.Names[m.AuthorID], AccessoryList: []accessory{}}
	if i == 0 {
		mi.IsFirstMessage = 1
	}
	for _, a := range d.Attachments[m.ID] {
		mi.AccessoryList = append(mi.AccessoryList, accessory{AccessoryID: strconv.FormatUint(a.ID, 10), FileActualName: a.FileName})
	}
	return mi
}

func (s *server) listMessages(c echo.Context, _ []byte) error {
	var req pagingReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	offset, limit, err := paging(req.Offset, req.Limit)
	if err != nil {
		return err
	}
	d, err := s.ticketOf(c)
	if err != nil {
		return err
	}
	resp := listMessagesResp{Count: int32(len(d.Messages)), MessageList: []messageInfo{}}
	for i := offset; i < len(d.Messages) && i < offset+limit; i++ {
		resp.MessageList = append(resp.MessageList, messageOf(d, i))
	}
	return ok(c, resp)
}

func (s *server) listOperateLogs(c echo.Context, _ []byte) error {
	var req pagingReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	offset, limit, err := paging(req.Offset, req.Limit)
	if err != nil {
		return err
	}
	d, err := s.ticketOf(c)
	if err != nil {
		return err
	}
	resp := listOperateLogsResp{TotalCount: int32(len(d.Events)), IncidentOperateLogList: []operateLog{}}
	for i := offset; i < len(d.Events) && i < offset+limit; i++ {
		e := d.Events[i]
		var by int32
		if e.Action == "accept" || e.Action == "request_info" || e.Action == "resolve" {
			by = 1
		}
		resp.IncidentOperateLogList = append(resp.IncidentOperateLogList, operateLog{IncidentLogID: strconv.FormatUint(e.ID, 10),
			IncidentID: d.Ticket.Number, OperateType: int32(slices.Index(models.TicketActions, e.Action) + 1), OperatorType: by,
			OperatorID: strconv.FormatUint(e.UserID, 10), OperatorName: d.Names[e.UserID], OperateDesc: e.Action,
			OperateTime: e.At.UTC().Format(time.DateTime), TimestampOperateTime: apiTime(e.At)})
	}
	return ok(c, resp)
}

// caseAction runs a use case on the path's ticket.
func (s *server) caseAction(c echo.Context, run func(id uint64) error) error {
	id, err := models.TicketIDByNumber(ctxOf(c), s.DB, c.Param("case_id"))
	if err != nil {
		return err
	}
	if err := run(id); err != nil {
		return err
	}
	return ok(c, emptyResp{})
}

func (s *server) updateCases(c echo.Context, body []byte) error {
	var req updateCasesReq
	if err := decode(body, &req); err != nil {
		return err
	}
	actions := map[string]func(context.Context, *gorm.DB, models.Actor, uint64) (*models.Ticket, error){
		"urge": models.UrgeTicket, "cancel": models.CancelTicket, "close": models.CloseTicket,
		"reopen": models.ReopenTicket, "confirm": models.ConfirmTicket,
	}
	act, found := actions[c.QueryParam("action_id")]
	if !found {
		return errBadRequest("action_id must be urge, cancel, close, reopen or confirm")
	}
	return s.caseAction(c, func(id uint64) error {
		_, err := act(ctxOf(c), s.DB, actor(c), id)
		return err
	})
}

func (s *server) createMessages(c echo.Context, body []byte) error {
	var req createMessagesReq
	if err := decode(body, &req); err != nil {
		return err
	}
	if req.Message == nil {
		return errBadRequest("message is required")
	}
	ids, err := accessoryIDs(req.Message.AccessoryIDs)
	if err != nil {
		return err
	}
	return s.caseAction(c, func(id uint64) error {
		_, err := models.AddTicketMessageWith(ctxOf(c), s.DB, s.Files, actor(c), id, req.Message.Content, nil, ids)
		return err
	})
}

func (s *server) createScores(c echo.Context, body []byte) error {
	var req createScoresReq
	if err := decode(body, &req); err != nil {
		return err
	}
	in := models.RatingInput{Comment: req.Judgement}
	for _, sat := range req.IncidentSatisfactionList {
		switch sat.SatisfactionID {
		case 1:
			in.Speed = int(sat.SatisfactionValue)
		case 2:
			in.Quality = int(sat.SatisfactionValue)
		case 3:
			in.Attitude = int(sat.SatisfactionValue)
		default:
			return errBadRequest(fmt.Sprintf("satisfaction_id %d: 1 is speed, 2 the solution, 3 the attitude", sat.SatisfactionID))
		}
	}
	return s.caseAction(c, func(id uint64) error {
		_, err := models.RateTicket(ctxOf(c), s.DB, actor(c), id, in)
		return firstField(err)
	})
}

func (s *server) uploadAccessory(c echo.Context, body []byte) error {
	var req uploadAccessoryReq
	if err := decode(body, &req); err != nil {
		return err
	}
	if len(req.AccessoryData) > maxAccessoryBody {
		return &models.FieldError{Field: "accessory_data", Err: models.ErrAttachmentSize}
	}
	data, err := base64.StdEncoding.DecodeString(req.AccessoryData)
	if err != nil {
		return errBadRequest("accessory_data is not base64")
	}
	att, err := models.UploadAttachment(ctxOf(c), s.DB, s.Files, actor(c), models.Upload{Name: req.AccessoryName, Data: data})
	if err != nil {
		return err
	}
	return ok(c, uploadAccessoryResp{AccessoryID: strconv.FormatUint(att.ID, 10)})
}

func (s *server) listProductCategories(c echo.Context, _ []byte) error {
	resp := productCategoriesResp{IncidentProductCategoryList: []productCategory{}}
	for _, o := range models.TicketCategories {
		resp.IncidentProductCategoryList = append(resp.IncidentProductCategoryList, productCategory{o.ID, o.EN})
	}
	resp.TotalCount = int32(len(resp.IncidentProductCategoryList))
	return ok(c, resp)
}

func (s *server) listProblemTypes(c echo.Context, _ []byte) error {
	resp := problemTypesResp{IncidentBusinessTypeList: []businessType{}}
	for _, o := range models.TicketProblemTypes {
		resp.IncidentBusinessTypeList = append(resp.IncidentBusinessTypeList, businessType{o.ID, o.EN})
	}
	resp.TotalCount = int32(len(resp.IncidentBusinessTypeList))
	return ok(c, resp)
}

func (s *server) listSeverities(c echo.Context, _ []byte) error {
	var req severitiesReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	resp := severitiesResp{Show: true, SeverityList: []severity{}}
	for _, o := range models.TicketSeverities {
		resp.SeverityList = append(resp.SeverityList, severity{Language: "en-us", SeverityName: o.EN, SeverityID: o.ID})
	}
	return ok(c, resp)
}

func (s *server) listRegions(c echo.Context, _ []byte) error {
	resp := regionsResp{DataCenterList: []dataCenter{}}
	for _, o := range models.TicketRegions {
		resp.DataCenterList = append(resp.DataCenterList, dataCenter{RegionID: o.ID, RegionName: o.EN})
	}
	resp.TotalCount = int32(len(resp.DataCenterList))
	return ok(c, resp)
}

func (s *server) listCaseTemplates(c echo.Context, _ []byte) error {
	var req templatesReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	resp := templatesResp{IncidentTemplateList: []caseTemplate{}}
	if tmpl := models.ProblemTemplate(req.BusinessTypeID); tmpl != "" {
		resp.IncidentTemplateList = append(resp.IncidentTemplateList, caseTemplate{ID: req.BusinessTypeID, Name: optionEN(models.TicketProblemTypes, req.BusinessTypeID), Content: tmpl})
	}
	resp.TotalCount = int32(len(resp.IncidentTemplateList))
	return ok(c, resp)
}
