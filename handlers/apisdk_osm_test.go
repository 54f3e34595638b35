package handlers

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/global"
	osm "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/osm/v2"
	om "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/osm/v2/model"

	"partnerhub/models"
)

// osmClient is the official SDK's OSM client signing with a new access key of a demo member.
func osmClient(t *testing.T, app *testApp, username string) *osm.OsmClient {
	t.Helper()
	u := mustUser(t, app, username)
	key, err := models.CreateAccessKey(context.Background(), app.DB, testSealer(t), models.ActorOf(u, "test"), app.now())
	if err != nil {
		t.Fatal(err)
	}
	var p models.Partner
	app.DB.First(&p, *u.PartnerID)
	cred, err := global.NewCredentialsBuilder().WithAk(key.Key.AccessKeyID).WithSk(key.SecretKey).WithDomainId(p.DomainID).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	hc, err := osm.OsmClientBuilder().WithEndpoints([]string{app.Srv.URL}).WithCredential(cred).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	return osm.NewOsmClient(hc)
}

// The demo's path through the SDK: provider uploads a file and opens a ticket with it, the
// operator answers in the console, provider confirms and rates through the API.
func TestSDKWorkOrders(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	client := osmClient(t, app, "provider")

	cats, err := client.ListProductCategories(&om.ListProductCategoriesRequest{})
	if err != nil || *cats.TotalCount != int32(len(models.TicketCategories)) {
		t.Fatalf("categories: %v %+v", err, cats)
	}
	if _, err := client.ListProblemTypes(&om.ListProblemTypesRequest{}); err != nil {
		t.Fatal(err)
	}
	sev, err := client.ListSeverities(&om.ListSeveritiesRequest{ProductCategoryId: "ecs", BusinessTypeId: "fault"})
	if err != nil || len(*sev.SeverityList) != 4 {
		t.Fatalf("severities: %v", err)
	}
	if r, err := client.ListRegions(&om.ListRegionsRequest{}); err != nil || *r.TotalCount == 0 {
		t.Fatalf("regions: %v", err)
	}
	tmpl, err := client.ListCaseTemplates(&om.ListCaseTemplatesRequest{BusinessTypeId: "fault"})
	if err != nil || !strings.Contains(*(*tmpl.IncidentTemplateList)[0].IncidentTemplateContent, "What happened") {
		t.Fatalf("templates: %v", err)
	}

	up, err := client.UploadJsonAccessories(&om.UploadJsonAccessoriesRequest{Body: &om.AccessoryJsonFormatReq{
		AccessoryName: "shot.png", AccessoryFrom: om.GetAccessoryJsonFormatReqAccessoryFromEnum().INCIDENT,
		AccessoryData: base64.StdEncoding.EncodeToString([]byte(testPNG))}})
	if err != nil {
		t.Fatal(err)
	}
	created, err := client.CreateCases(&om.CreateCasesRequest{Body: &om.CreateOrderIncidentV2Req{
		ProductCategoryId: ptr("ecs"), BusinessTypeId: "fault", RegionId: ptr("cn-north-4"), SeverityId: ptr("4"),
		SimpleDescription: "Many instances down", SourceId: "api", RemindMail: ptr("noc@example.com"),
		AccessoryIds: &[]string{*up.AccessoryId}}})
	if err != nil {
		t.Fatal(err)
	}
	number := *created.IncidentId
	list, err := client.ListCases(&om.ListCasesRequest{IncidentId: &number})
	if err != nil || *list.TotalCount != 1 || (*list.IncidentInfoList)[0].Status != 0 {
		t.Fatalf("list: %v %+v", err, list)
	}
	if _, err := client.UpdateCases(&om.UpdateCasesRequest{CaseId: number, ActionId: "urge"}); err != nil {
		t.Fatal(err)
	}
	// again within the hour: dated a second later, or the SDK would sign it the same (a replay)
	_, err = client.UpdateCasesInvoker(&om.UpdateCasesRequest{CaseId: number, ActionId: "urge"}).AddHeaders(nextSecond()).Invoke()
	sdkError(t, err, http.StatusBadRequest, "CBC.0100")

	id := dbValue[uint64](t, app, "SELECT id FROM tickets WHERE number = ?", number)
	op := actorOf(t, app, "operator")
	if _, err := models.AcceptTicket(context.Background(), app.DB, op, id); err != nil {
		t.Fatal(err)
	}
	if _, err := client.CreateMessages(&om.CreateMessagesRequest{CaseId: number, Body: &om.CreateMessageV2Req{
		Message: &om.CreateMessageDoV2{Content: "Zone 2 only."}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := models.ResolveTicket(context.Background(), app.DB, models.FileStore{}, op, id, "Switch replaced."); err != nil {
		t.Fatal(err)
	}
	if _, err := client.UpdateCases(&om.UpdateCasesRequest{CaseId: number, ActionId: "confirm"}); err != nil {
		t.Fatal(err)
	}
	five := int32(5)
	if _, err := client.CreateScores(&om.CreateScoresRequest{CaseId: number, Body: &om.CreateScoreV2Req{Judgement: "fast",
		IncidentSatisfactionList: []om.IncidentSatisfactionV2Do{{SatisfactionId: 1, SatisfactionValue: five},
			{SatisfactionId: 2, SatisfactionValue: five}, {SatisfactionId: 3, SatisfactionValue: 4}}}}); err != nil {
		t.Fatal(err)
	}
	detail, err := client.ShowCaseDetail(&om.ShowCaseDetailRequest{CaseId: number})
	if err != nil {
		t.Fatal(err)
	}
	d := detail.IncidentDetailInfo
	if d.Status != 3 || len(d.MessageList) != 3 || d.Judgement != "fast" || len(d.IncidentSatisfaction) != 3 ||
		len(*d.MessageList[0].AccessoryList) != 1 {
		t.Errorf("detail %+v", d)
	}
	msgs, err := client.ListMessages(&om.ListMessagesRequest{CaseId: number})
	if err != nil || *msgs.Count != 3 {
		t.Fatalf("messages: %v", err)
	}
	logs, err := client.ListCaseOperateLogs(&om.ListCaseOperateLogsRequest{CaseId: number})
	if err != nil || *logs.TotalCount != 7 { // create, urge, accept, message, resolve, confirm, rate
		t.Fatalf("logs: %v %v", err, logs)
	}
	counts, err := client.ListCaseCounts(&om.ListCaseCountsRequest{})
	if err != nil || len(*counts.IncidentStatusCounts) != 5 {
		t.Fatalf("counts: %v", err)
	}
}

// Another tenant's ticket is not found through the API, and bad input gets the error format.
func TestSDKWorkOrdersRefused(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	number := dbString(t, app, "SELECT number FROM tickets WHERE customer_id <> 0 ORDER BY id LIMIT 1") // customer's, provider's world
	reseller := osmClient(t, app, "reseller")
	_, err := reseller.ShowCaseDetail(&om.ShowCaseDetailRequest{CaseId: number})
	sdkError(t, err, http.StatusBadRequest, "CBC.99000035")
	_, err = reseller.UpdateCases(&om.UpdateCasesRequest{CaseId: number, ActionId: "cancel"})
	sdkError(t, err, http.StatusBadRequest, "CBC.99000035")
	_, err = reseller.CreateCases(&om.CreateCasesRequest{Body: &om.CreateOrderIncidentV2Req{BusinessTypeId: "fault",
		ProductCategoryId: ptr("ecs"), SimpleDescription: strings.Repeat("x", 101), SourceId: "api", RemindMail: ptr("a@b.cn")}})
	sdkError(t, err, http.StatusBadRequest, "CBC.0100")
	_, err = reseller.UploadJsonAccessories(&om.UploadJsonAccessoriesRequest{Body: &om.AccessoryJsonFormatReq{
		AccessoryName: "x.png", AccessoryFrom: om.GetAccessoryJsonFormatReqAccessoryFromEnum().INCIDENT,
		AccessoryData: base64.StdEncoding.EncodeToString([]byte("MZ\x90\x00"))}})
	sdkError(t, err, http.StatusBadRequest, "CBC.0100")
	_, err = reseller.UpdateCases(&om.UpdateCasesRequest{CaseId: number, ActionId: "explode"})
	sdkError(t, err, http.StatusBadRequest, "CBC.0100")
}

func actorOf(t *testing.T, app *testApp, username string) models.Actor {
	return models.ActorOf(mustUser(t, app, username), "test")
}
