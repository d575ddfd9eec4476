package stackconfig

// Alerts is groundwork:alerts: where every blueprint's alarms and alert
// policies notify. Emails work on every cloud; a team that already has a
// destination names it instead (or as well).
type Alerts struct {
	// Emails receive every alert. On AWS each gets an SNS email
	// subscription, pending until its owner confirms it; on Google Cloud a
	// notification channel each; on Cloudflare an email integration.
	Emails []string `json:"emails"`
	// SNSTopicArn is an existing SNS topic for the jobs blueprint's alarms
	// (encrypted, if at all, with a customer-managed KMS key CloudWatch may
	// use).
	SNSTopicArn string `json:"snsTopicArn"`
	// NotificationChannels are existing Cloud Monitoring channels for the api
	// blueprint (projects/PROJECT/notificationChannels/ID).
	NotificationChannels []string `json:"notificationChannels"`
}

// Knobs of groundwork:alerts that warnings and messages name.
const (
	KnobAlerts                     = "alerts"
	KnobAlertsEmails               = "alerts.emails"
	KnobAlertsSNSTopicArn          = "alerts.snsTopicArn"
	KnobAlertsNotificationChannels = "alerts.notificationChannels"
)
