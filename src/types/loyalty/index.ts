export * from "./module"
export * from "./service"
export type { CampaignView, RecordKind, RecordView, RuleTargetType, RuleView, TierView } from "../../modules/loyalty/program/records"
export type { LoyaltyModuleOptions, ProgramSettings, ProgramSettingsPatch, TelegramOptions } from "../../modules/loyalty/program-settings"
