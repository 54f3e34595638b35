package api

// The OSM v2 (work orders) DTOs: field names and JSON types as the official SDK's
// services/osm/v2/model has them.

// CreateCases — POST /v2/servicerequest/cases.
type createCasesReq struct {
	ProductCategoryID string         `json:"product_category_id"`
	BusinessTypeID    string         `json:"business_type_id"`
	RegionID          string         `json:"region_id"`
	SimpleDescription string         `json:"simple_description"`
	SourceID          string         `json:"source_id"`
	RemindMobile      string         `json:"remind_mobile"`
	RemindMail        string         `json:"remind_mail"`
	AccessoryIDs      []string       `json:"accessory_ids"`
	ExtendsMap        map[string]any `json:"extends_map"`
	SeverityID        string         `json:"severity_id"`
}

type createCasesResp struct {
	IncidentID string `json:"incident_id"`
}

// ListCases — GET /v2/servicerequest/cases.
type listCasesReq struct {
	SearchKey  []string `query:"search_key"`
	IncidentID string   `query:"incident_id"`
	Status     *int32   `query:"status"`
	Offset     *int32   `query:"offset"`
	Limit      *int32   `query:"limit"`
}

type incidentInfo struct {
	Status              int32  `json:"status"`
	IncidentID          string `json:"incident_id"`
	BusinessTypeName    string `json:"business_type_name"`
	IncidentTypeName    string `json:"incident_type_name"`
	ProductCategoryName string `json:"product_category_name"`
	CustomerID          string `json:"customer_id"`
	DcName              string `json:"dc_name"`
	SimpleDescription   string `json:"simple_description"`
	CreateTime          string `json:"create_time"`
}

type listCasesResp struct {
	TotalCount       int32          `json:"total_count"`
	IncidentInfoList []incidentInfo `json:"incident_info_list"`
}

// ShowCaseDetail — GET /v2/servicerequest/cases/{case_id}.
type caseDetailReq struct{}

type accessory struct {
	AccessoryID    string `json:"accessory_id"`
	FileActualName string `json:"file_actual_name"`
}

type incidentMessage struct {
	Type           int32       `json:"type"` // 0: the submitter's, 1: the after-sales team's
	Replier        string      `json:"replier"`
	Content        string      `json:"content"`
	MessageID      string      `json:"message_id"`
	ReplierName    string      `json:"replier_name"`
	CreateTime     string      `json:"create_time"`
	IsFirstMessage int32       `json:"is_first_message"`
	AccessoryList  []accessory `json:"accessory_list"`
}

type satisfaction struct {
	SatisfactionID    int32  `json:"satisfaction_id"`
	SatisfactionValue int32  `json:"satisfaction_value"`
	SatisfactionName  string `json:"satisfaction_name,omitempty"`
}

type incidentDetail struct {
	Status               int32             `json:"status"`
	Judgement            string            `json:"judgement"`
	IncidentID           string            `json:"incident_id"`
	BusinessTypeName     string            `json:"business_type_name"`
	IncidentTypeName     string            `json:"incident_type_name"`
	CustomerID           string            `json:"customer_id"`
	DcName               string            `json:"dc_name"`
	SimpleDescription    string            `json:"simple_description"`
	SourceName           string            `json:"source_name"`
	CreateTime           string            `json:"create_time"`
	MessageList          []incidentMessage `json:"message_list"`
	IncidentSatisfaction []satisfaction    `json:"incident_satisfaction"`
	SeverityName         string            `json:"severity_name"`
}

type caseDetailResp struct {
	IncidentDetailInfo incidentDetail `json:"incident_detail_info"`
}

// UpdateCases — POST /v2/servicerequest/cases/{case_id}/action?action_id=urge|cancel|close|reopen|confirm.
type updateCasesReq struct {
	Judgement   string `json:"judgement"`
	OperateDesc string `json:"operate_desc"`
}

// CreateMessages — POST /v2/servicerequest/cases/{case_id}/message.
type createMessagesReq struct {
	Message *struct {
		Content      string   `json:"content"`
		AccessoryIDs []string `json:"accessory_ids"`
	} `json:"message"`
}

// ListMessages — GET /v2/servicerequest/cases/{case_id}/messages.
type pagingReq struct {
	Offset *int32 `query:"offset"`
	Limit  *int32 `query:"limit"`
}

type messageInfo struct {
	Type           int32       `json:"type"`
	ReplierType    int32       `json:"replier_type"`
	Replier        string      `json:"replier"`
	Content        string      `json:"content"`
	CreateTime     string      `json:"create_time"`
	ReplierName    string      `json:"replier_name"`
	IsFirstMessage int32       `json:"is_first_message"`
	AccessoryList  []accessory `json:"accessory_list"`
}

type listMessagesResp struct {
	Count       int32         `json:"count"`
	MessageList []messageInfo `json:"message_list"`
}

// CreateScores — POST /v2/servicerequest/cases/{case_id}/score.
type createScoresReq struct {
	Judgement                string         `json:"judgement"`
	IncidentSatisfactionList []satisfaction `json:"incident_satisfaction_list"`
}

// ListCaseOperateLogs — GET /v2/servicerequest/cases/{case_id}/operate-logs.
type operateLog struct {
	IncidentLogID        string `json:"incident_log_id"`
	IncidentID           string `json:"incident_id"`
	OperateType          int32  `json:"operate_type"`
	OperatorType         int32  `json:"operator_type"` // 0: the submitter's side, 1: the after-sales team
	OperatorID           string `json:"operator_id"`
	OperatorName         string `json:"operator_name"`
	OperateDesc          string `json:"operate_desc"`
	OperateTime          string `json:"operate_time"`
	TimestampOperateTime string `json:"timestamp_operate_time"`
}

type listOperateLogsResp struct {
	TotalCount             int32        `json:"total_count"`
	IncidentOperateLogList []operateLog `json:"incident_operate_log_list"`
}

// ListCaseCounts — GET /v2/servicerequest/cases/count.
type caseCountsReq struct {
	Status *int32 `query:"status"`
}

type statusCount struct {
	Status int32 `json:"status"`
	Count  int32 `json:"count"`
}

type caseCountsResp struct {
	IncidentStatusCounts []statusCount `json:"incident_status_counts"`
}

// The configuration lists.
type problemTypesReq struct {
	ProductCategoryID string `query:"product_category_id"`
}

type businessType struct {
	BusinessTypeID   string `json:"business_type_id"`
	BusinessTypeName string `json:"business_type_name"`
}

type problemTypesResp struct {
	TotalCount               int32          `json:"total_count"`
	IncidentBusinessTypeList []businessType `json:"incident_business_type_list"`
}

type productCategoriesReq struct {
	ProductCategoryName string `query:"product_category_name"`
}

type productCategory struct {
	ID   string `json:"incident_product_category_id"`
	Name string `json:"incident_product_category_name"`
}

type productCategoriesResp struct {
	TotalCount                  int32             `json:"total_count"`
	IncidentProductCategoryList []productCategory `json:"incident_product_category_list"`
}

type severitiesReq struct {
	ProductCategoryID string `query:"product_category_id,required"`
	BusinessTypeID    string `query:"business_type_id,required"`
}

type severity struct {
	Language     string `json:"language"`
	SeverityName string `json:"severity_name"`
	SeverityID   string `json:"severity_id"`
}

type severitiesResp struct {
	Show         bool       `json:"show"`
	SeverityList []severity `json:"severity_list"`
}

type regionsReq struct{}

type dataCenter struct {
	Type       int32  `json:"type"`
	RegionID   string `json:"region_id"`
	RegionName string `json:"region_name"`
}

type regionsResp struct {
	TotalCount     int32        `json:"total_count"`
	DataCenterList []dataCenter `json:"data_center_list"`
}

type templatesReq struct {
	BusinessTypeID string `query:"business_type_id,required"`
}

type caseTemplate struct {
	ID      string `json:"incident_template_id"`
	Name    string `json:"incident_template_name"`
	Content string `json:"incident_template_content"`
}

type templatesResp struct {
	TotalCount           int32          `json:"total_count"`
	IncidentTemplateList []caseTemplate `json:"incident_template_list"`
}

// UploadJsonAccessories — POST /v2/servicerequest/accessorys/json-format-content.
type uploadAccessoryReq struct {
	AccessoryName string `json:"accessory_name"`
	AccessoryFrom string `json:"accessory_from"`
	UploadType    *int32 `json:"upload_type"`
	AccessoryData string `json:"accessory_data"` // base64
}

type uploadAccessoryResp struct {
	AccessoryID string `json:"accessory_id"`
}
