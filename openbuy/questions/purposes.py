"""What a question set is for. Plain values here (the documents' schema checks them without
the database); models.QuestionSet.Purpose gives them their names for people."""

SERVICE = "service"
DECLARATION = "declaration"
REQUIREMENT = "requirement"
RESPONSE = "response"
CHALLENGE_APPLICATION = "challenge_application"
SCORECARD = "scorecard"
CHECKLIST = "checklist"

PURPOSES = (
    SERVICE,
    DECLARATION,
    REQUIREMENT,
    RESPONSE,
    CHALLENGE_APPLICATION,
    SCORECARD,
    CHECKLIST,
)
