package org.outagepredictor;
public class PredictionJob { public static void main(String[] a) {} }
