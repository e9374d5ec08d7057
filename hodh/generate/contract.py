"""The raw files' contract: each file's columns in order, its free text, and the faults and
shapes `dirty` plants."""

from __future__ import annotations

# Column order of each raw file, as section 2 lists them.
COLUMNS: dict[str, list[str]] = {
    "cris_crimes.csv": [
        "crime_ref", "borough_code", "date_recorded", "date_cleared_up", "date_confirmed",
        "date_no_crimed", "offence_date_from", "offence_time_from", "offence_date_to",
        "offence_time_to", "classification_code", "crimsec_code", "status", "prefix",
        "location_postcode", "location_easting", "location_northing", "location_type", "dv_flag",
        "hate_flags", "gun_feature", "knife_feature", "cash_in_transit",
        "recording_officer_warrant", "investigating_officer_warrant", "mo_text", "last_modified",
    ],
    "cris_victims.csv": [
        "crime_ref", "victim_seq", "victim_type", "surname", "forename", "date_of_birth", "age",
        "gender", "ethnicity_code", "home_postcode", "relationship_code", "injury_level",
    ],
    "cris_accused.csv": [
        "crime_ref", "accused_seq", "person_ref", "surname", "forename", "date_of_birth", "age",
        "gender", "ethnicity_code", "proceedings_code", "proceedings_date",
    ],
    "hr_employees.csv": [
        "pay_number", "collar_number", "surname", "forename", "staff_type", "date_of_birth",
        "gender", "ethnicity_code", "disability", "date_joined", "date_left", "leaving_reason",
        "marital_status", "basic_pay", "pensionable_service_date", "ospre_qualified", "graduate",
        "fitness_level", "suspended", "probationer", "rejoiner", "transferee", "working_pattern",
        "hours_per_week", "employment_type",
    ],
    "hr_rank_history.csv": [
        "pay_number", "rank_code", "rank_qualifier", "rank_reason", "start_date", "end_date",
    ],
    "hr_abstractions.csv": [
        "pay_number", "abstraction_type", "start_date", "end_date", "sickness_reason",
        "sick_pay_status", "hours_lost", "days_lost", "assault_on_duty",
    ],
    "hr_assignments.csv": [
        "pay_number", "bcu_code", "post_code", "post_title", "start_date", "end_date",
        "secondment", "seconded_to",
    ],
    "hr_training.csv": ["pay_number", "course_code", "completed_date", "competency"],
    "hr_applicants.csv": [
        "applicant_ref", "job_reference", "application_type", "date_received", "special",
        "graduate", "home_postcode", "surname", "forename", "date_of_birth",
    ],
    "hr_applicant_status.csv": ["applicant_ref", "status", "status_date"],
}  # fmt: skip

# The faults `dirty` plants in each file, one kind per row, every kind present.
FAULT_KINDS: dict[str, tuple[str, ...]] = {
    "cris_crimes.csv": (
        "lower_case_code", "stray_spaces", "impossible_date", "date_format", "unknown_crimsec",
        "unknown_borough", "invalid_crime_ref", "cleared_before_recorded", "duplicate_key",
        "postcode_spacing_case", "unknown_postcode", "grid_without_postcode", "no_location",
        "end_before_start",
    ),
    "cris_victims.csv": (
        "orphan", "duplicate_key", "lower_case_code", "stray_spaces", "unknown_ethnicity",
        "impossible_date", "date_format", "postcode_spacing_case",
    ),
    "cris_accused.csv": (
        "orphan", "duplicate_key", "lower_case_code", "stray_spaces", "unknown_ethnicity",
        "unknown_proceedings", "impossible_date", "date_format",
    ),
    "hr_employees.csv": (
        "duplicate_key", "lower_case_code", "stray_spaces", "unknown_ethnicity",
        "impossible_date", "date_format", "end_before_start",
    ),
    "hr_rank_history.csv": (
        "orphan", "duplicate_key", "lower_case_code", "stray_spaces", "unknown_rank",
        "impossible_date", "date_format", "end_before_start",
    ),
    "hr_abstractions.csv": (
        "orphan", "duplicate_key", "lower_case_code", "stray_spaces", "impossible_date",
        "date_format", "end_before_start",
    ),
    "hr_assignments.csv": (
        "orphan", "duplicate_key", "lower_case_code", "stray_spaces", "unknown_bcu",
        "impossible_date", "date_format", "end_before_start",
    ),
    "hr_training.csv": (
        "orphan", "duplicate_key", "stray_spaces", "impossible_date", "date_format",
    ),
    "hr_applicants.csv": (
        "duplicate_key", "lower_case_code", "stray_spaces", "impossible_date", "date_format",
        "postcode_spacing_case",
    ),
    "hr_applicant_status.csv": (
        "orphan", "duplicate_key", "lower_case_code", "stray_spaces", "impossible_date",
        "date_format",
    ),
}  # fmt: skip

# Free text (section 2): it can hold commas, quotes and line breaks.
FREE_TEXT: dict[str, str] = {"cris_crimes.csv": "mo_text", "hr_assignments.csv": "post_title"}

# The shapes of real extracts (section 2) `dirty` gives these files, each one whatever the
# rate: a UTF-8 byte order mark, CRLF row ends, line breaks (and quotes, commas) in the free
# text of a `dirty` share of rows, a last row cut short with no line end.
FILE_SHAPES: dict[str, tuple[str, ...]] = {
    "cris_crimes.csv": ("line_breaks_in_text", "truncated_last_row"),
    "cris_victims.csv": ("byte_order_mark",),
    "cris_accused.csv": (),
    "hr_employees.csv": ("byte_order_mark", "crlf_row_ends"),
    "hr_rank_history.csv": (),
    "hr_abstractions.csv": ("truncated_last_row",),
    "hr_assignments.csv": ("crlf_row_ends", "line_breaks_in_text"),
    "hr_training.csv": (),
    "hr_applicants.csv": (),
    "hr_applicant_status.csv": (),
}
