import { raceTest } from '../testing/booking-race';

// Rounds 11–12 of 20: 1,000 concurrent bookings of one window of capacity 3 (see testing/booking-race.ts).
raceTest(2);
