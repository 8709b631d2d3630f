// Birthdays, solar and lunar (农历): validation, when they are celebrated, and how they are shown. Pure.
export { birthdayDateProblem, lunarBirthdayProblem, solarBirthdayProblem, type Birthday, type BirthdayProblem } from './birthday-rules';
export { birthdayQueryFor, celebrationDateIn, isCelebratedOn, type BirthdayDate, type BirthdayQuery } from './birthday-celebration';
export { formatBirthday, LUNAR_MONTH_NAMES, lunarDayName } from './birthday-format';
export { daysInSolarMonth, isLeapYear, leapMonthOf, lunarMonthDays, lunarOf, solarOfLunar, type LunarDate } from './lunar-calendar';
export { parseBirthdayText, type BirthdayParse } from './birthday-parsing';
