## 公开的 Open311 接口：只有说明，不含任何个人信息

open311-note-new = 已登记，等待网格员受理。
open311-note-acknowledged = 网格员已受理，正在办理。
open311-note-reopened = 居民反映未解决，已重新办理。
open311-note-resolved = 网格员已办结，等待居民评价。
open311-note-closed = 已关闭。
open311-description = 居民群反映的{ $category }诉求
open311-address = { $community }{ $grid }{ $building }栋
open311-address-grid = { $community }{ $grid }
open311-agency = { $community }网格化治理
open311-urgent = 紧急诉求，立即办理。
open311-service-description = 居民群反映的{ $category }类诉求
