package jobs

import (
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// LiveOnce allows one job per kind and args among the jobs not yet
// finished. River's default also counts completed jobs (until its cleaner
// removes them a day later), which would drop a later settle of the same
// order, the sweep's restart of an item whose earlier job completed, or the
// next run of a periodic job.
func LiveOnce() river.UniqueOpts {
	return river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
		rivertype.JobStateRunning, rivertype.JobStateScheduled,
	}}
}
