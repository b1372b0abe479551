## 公開的 Open311 介面：只有說明，不含任何個人資訊

open311-note-new = 已登記，等待網格員受理。
open311-note-acknowledged = 網格員已受理，正在辦理。
open311-note-reopened = 居民反映未解決，已重新辦理。
open311-note-resolved = 網格員已辦結，等待居民評價。
open311-note-closed = 已關閉。
open311-description = 居民群反映的{ $category }訴求
open311-address = { $community }{ $grid }{ $building }棟
open311-address-grid = { $community }{ $grid }
open311-agency = { $community }網格化治理
open311-urgent = 緊急訴求，立即辦理。
open311-service-description = 居民群反映的{ $category }類訴求
