## The public Open311 API: words only, never a person's

open311-note-new = Filed; waiting for the grid member to take it on.
open311-note-acknowledged = Taken on by the grid member; being handled.
open311-note-reopened = Reopened after the resident said it was not solved; being handled again.
open311-note-resolved = Resolved by the grid member; waiting for the resident's rating.
open311-note-closed = Closed.
open311-description = { $category } reported in a residents' group
open311-address = Building { $building }, { $grid }, { $community }
open311-address-grid = { $grid }, { $community }
open311-agency = { $community } grid governance
open311-urgent = Urgent: handled at once.
open311-service-description = Requests about { $category }, from residents' groups
